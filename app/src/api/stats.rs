//! The programme's figures. Public: anyone may read them.

use leptos::prelude::*;

use crate::domain::figures::{DistrictFigures, ProgrammeFigures};
use crate::error::AppError;

#[server(prefix = "/api", endpoint = "programme_figures")]
pub async fn get_programme_figures() -> Result<ProgrammeFigures, AppError> {
    let db = crate::backend::state::db()?;
    Ok(crate::backend::stats::programme_figures(&db).await?)
}

/// Figures for one district, by its slug (`gia-lam`). A malformed slug is a 422 with the field
/// named; an unknown one a 404.
#[server(prefix = "/api", endpoint = "district_figures")]
pub async fn get_district_figures(district: String) -> Result<DistrictFigures, AppError> {
    use crate::domain::Slug;
    use crate::error::Problem;

    let slug = Slug::parse(district.trim()).map_err(|_| AppError::invalid("district", Problem::InvalidSlug))?;
    let db = crate::backend::state::db()?;
    let (id, district) = crate::backend::places::find_district(&db, &slug)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(crate::backend::stats::district_figures(&db, district, id).await?)
}
