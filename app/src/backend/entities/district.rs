use sea_orm::entity::prelude::*;

use crate::domain::DistrictKind;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "districts")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub slug: String,
    pub name: String,
    pub kind: DistrictKind,
    pub position: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(has_many = "super::commune::Entity")]
    Commune,
}

impl Related<super::commune::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Commune.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
