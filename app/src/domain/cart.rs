//! The cart: what a shopper means to buy, grouped by producer with each group's subtotal,
//! shipping and total. A guest's cart lives in a cookie (`GuestCart`); a signed-in user's in
//! the database. Every line is checked against the product as it is now, and a line that can
//! no longer be bought is flagged with why, never silently dropped.

use serde::{Deserialize, Serialize};

use super::{Slug, Unit, Vnd};

/// Most distinct products one cart holds.
pub const MAX_CART_LINES: usize = 50;
/// Most units of one product one cart line asks for.
pub const MAX_LINE_QTY: i32 = 9_999;
/// The guest cart's cookie.
pub const GUEST_CART_COOKIE: &str = "cholang_cart";

/// A guest's cart as its cookie keeps it: `product:quantity` pairs joined by `.`, e.g.
/// `12-2.45-1`. Only ids and counts, so a forged cookie can at worst ask for products that
/// exist (the server reads names and prices from the database).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GuestCart(Vec<(i32, i32)>);

impl GuestCart {
    /// Reads a cookie value; malformed pairs, unknown shapes and out-of-range counts are
    /// skipped, and at most [`MAX_CART_LINES`] distinct products are kept.
    pub fn parse(value: &str) -> Self {
        let mut cart = GuestCart::default();
        for pair in value.split('.').take(MAX_CART_LINES * 2) {
            let Some((id, qty)) = pair.split_once('-') else { continue };
            let (Ok(id), Ok(qty)) = (id.parse::<i32>(), qty.parse::<i32>()) else { continue };
            if id > 0 && qty > 0 {
                cart.set(id, qty.min(MAX_LINE_QTY));
            }
        }
        cart
    }

    pub fn encode(&self) -> String {
        self.0.iter().map(|(id, qty)| format!("{id}-{qty}")).collect::<Vec<_>>().join(".")
    }

    pub fn lines(&self) -> &[(i32, i32)] {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn quantity_of(&self, product_id: i32) -> i32 {
        self.0.iter().find(|(id, _)| *id == product_id).map_or(0, |(_, q)| *q)
    }

    /// Sets a line's quantity (0 removes it). A new product past the line limit is refused.
    pub fn set(&mut self, product_id: i32, quantity: i32) -> bool {
        let quantity = quantity.min(MAX_LINE_QTY);
        match self.0.iter_mut().position(|(id, _)| *id == product_id) {
            Some(i) if quantity <= 0 => {
                self.0.remove(i);
                true
            }
            Some(i) => {
                self.0[i].1 = quantity;
                true
            }
            None if quantity <= 0 => true,
            None if self.0.len() >= MAX_CART_LINES => false,
            None => {
                self.0.push((product_id, quantity));
                true
            }
        }
    }
}

/// Why a cart line cannot be bought as it stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum LineProblem {
    /// Unpublished, archived, or its producer is no longer verified.
    Unavailable,
    OutOfStock,
    /// Fewer units left than the line asks for.
    NotEnoughStock { available: i32 },
    /// The producer sells at least `minimum` units of this product.
    BelowMinimum { minimum: i32 },
}

/// The problem of a line asking for `quantity` of a product that is `available` with
/// `stock` left and sold from `minimum` units.
pub fn line_problem(available: bool, stock: i32, minimum: i32, quantity: i32) -> Option<LineProblem> {
    if !available {
        Some(LineProblem::Unavailable)
    } else if stock <= 0 {
        Some(LineProblem::OutOfStock)
    } else if quantity > stock {
        Some(LineProblem::NotEnoughStock { available: stock })
    } else if quantity < minimum {
        Some(LineProblem::BelowMinimum { minimum })
    } else {
        None
    }
}

/// The delivery fee a producer charges: a flat fee per order, waived from an order amount.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShippingRule {
    pub flat_fee: Vnd,
    pub free_from: Option<Vnd>,
}

impl ShippingRule {
    pub fn fee(self, subtotal: Vnd) -> Vnd {
        match self.free_from {
            Some(threshold) if subtotal >= threshold => Vnd::ZERO,
            _ => self.flat_fee,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CartLine {
    pub product_id: i32,
    pub slug: Slug,
    pub name: String,
    pub photo: Option<String>,
    pub unit: Unit,
    pub unit_price: Vnd,
    pub quantity: i32,
    pub stock: i32,
    pub minimum: i32,
    /// `None` when the line is too large to price (past the largest amount).
    pub line_total: Option<Vnd>,
    pub problem: Option<LineProblem>,
}

/// One producer's part of the cart: it becomes one order at checkout.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CartGroup {
    pub producer_id: i32,
    pub producer_name: String,
    pub producer_slug: Slug,
    pub lines: Vec<CartLine>,
    pub subtotal: Option<Vnd>,
    pub shipping: Vnd,
    pub total: Option<Vnd>,
    /// What is still missing to ship free, when the producer offers it.
    pub free_shipping_from: Option<Vnd>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cart {
    pub groups: Vec<CartGroup>,
}

impl Cart {
    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }

    /// Units in the cart, for the header's badge.
    pub fn units(&self) -> i64 {
        self.groups.iter().flat_map(|g| &g.lines).map(|l| i64::from(l.quantity)).sum()
    }

    /// Whether every line can be bought as it stands.
    pub fn ready(&self) -> bool {
        !self.is_empty()
            && self.groups.iter().all(|g| g.total.is_some() && g.lines.iter().all(|l| l.problem.is_none()))
    }

    pub fn total(&self) -> Option<Vnd> {
        self.groups.iter().map(|g| g.total).collect::<Option<Vec<_>>>().and_then(Vnd::sum)
    }
}

/// Groups priced lines into a cart, producers in the order their first line appears.
pub fn group_lines(lines: Vec<(CartLine, i32, String, Slug, ShippingRule)>) -> Cart {
    let mut groups: Vec<(CartGroup, ShippingRule)> = Vec::new();
    for (line, producer_id, producer_name, producer_slug, rule) in lines {
        match groups.iter_mut().find(|(g, _)| g.producer_id == producer_id) {
            Some((g, _)) => g.lines.push(line),
            None => groups.push((
                CartGroup {
                    producer_id,
                    producer_name,
                    producer_slug,
                    lines: vec![line],
                    subtotal: None,
                    shipping: Vnd::ZERO,
                    total: None,
                    free_shipping_from: rule.free_from,
                },
                rule,
            )),
        }
    }
    let groups = groups
        .into_iter()
        .map(|(mut g, rule)| {
            // Lines that cannot be bought do not count towards the subtotal.
            let buyable = g.lines.iter().filter(|l| l.problem.is_none()).map(|l| l.line_total);
            g.subtotal = buyable.collect::<Option<Vec<_>>>().and_then(Vnd::sum);
            g.shipping = g.subtotal.map_or(rule.flat_fee, |s| rule.fee(s));
            g.total = g.subtotal.and_then(|s| s.plus(g.shipping));
            g
        })
        .collect();
    Cart { groups }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guest_cookie_round_trips_and_ignores_garbage() {
        let cart = GuestCart::parse("12-2.45-1.x-3.7-0.-5-2.9-99999999");
        assert_eq!(cart.lines(), &[(12, 2), (45, 1), (9, MAX_LINE_QTY)]);
        assert_eq!(GuestCart::parse(&cart.encode()), cart);
        assert!(GuestCart::parse("'; DROP TABLE").is_empty());
        let mut big = GuestCart::default();
        for id in 1..=MAX_CART_LINES as i32 {
            assert!(big.set(id, 1));
        }
        assert!(!big.set(999, 1), "one line too many is refused");
        assert!(big.set(1, 0) && big.quantity_of(1) == 0, "zero removes");
    }

    #[test]
    fn problems_name_the_first_thing_wrong() {
        assert_eq!(line_problem(false, 10, 1, 1), Some(LineProblem::Unavailable));
        assert_eq!(line_problem(true, 0, 1, 1), Some(LineProblem::OutOfStock));
        assert_eq!(line_problem(true, 3, 1, 5), Some(LineProblem::NotEnoughStock { available: 3 }));
        assert_eq!(line_problem(true, 30, 10, 5), Some(LineProblem::BelowMinimum { minimum: 10 }));
        assert_eq!(line_problem(true, 30, 10, 10), None);
    }

    #[test]
    fn shipping_is_waived_from_the_threshold() {
        let rule = ShippingRule { flat_fee: Vnd::new(30_000).unwrap(), free_from: Some(Vnd::new(500_000).unwrap()) };
        assert_eq!(rule.fee(Vnd::new(499_999).unwrap()), Vnd::new(30_000).unwrap());
        assert_eq!(rule.fee(Vnd::new(500_000).unwrap()), Vnd::ZERO);
        assert_eq!(ShippingRule::default().fee(Vnd::new(1).unwrap()), Vnd::ZERO);
    }
}
