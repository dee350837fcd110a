use sea_orm::entity::prelude::*;

use crate::domain::MarkKind;

/// A trademark, collective or certification mark, or geographical indication.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "ip_marks")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub kind: MarkKind,
    pub name: String,
    pub holder: String,
    pub area: String,
    pub village_id: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
