use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "booth_types")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub fair_id: i32,
    pub name: String,
    pub size: Option<String>,
    pub count: i32,
    /// Approved applications holding a booth of this type.
    pub taken: i32,
    pub price_vnd: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
