//! Districts and craft villages. Public.

use leptos::prelude::*;

use crate::domain::geo::{District, DistrictVillages};
use crate::error::AppError;
use crate::i18n::Lang;

#[server(prefix = "/api", endpoint = "districts")]
pub async fn list_districts() -> Result<Vec<District>, AppError> {
    let db = crate::backend::state::db()?;
    Ok(crate::backend::places::list_districts(&db).await?)
}

#[server(prefix = "/api", endpoint = "villages_by_district")]
pub async fn list_villages_by_district(lang: Lang) -> Result<Vec<DistrictVillages>, AppError> {
    let db = crate::backend::state::db()?;
    Ok(crate::backend::places::villages_by_district(&db, lang).await?)
}
