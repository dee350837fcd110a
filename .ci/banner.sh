#!/usr/bin/env bash
cat <<'TXT'

  Chợ Làng is starting on  http://127.0.0.1:3000

  Demo accounts (password: cholang-demo)
    khach@cholang.test          consumer
    gom.battrang@cholang.test   producer: an enterprise in Bát Tràng
    htx.vanphuc@cholang.test    producer: a cooperative in Vạn Phúc
    hoicho@cholang.test         trade-fair organizer
    sieuthi@cholang.test        buyer (supermarket)
    vanphong@cholang.test       programme office

TXT
