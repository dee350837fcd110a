use sea_orm::entity::prelude::*;

/// A household business that sells through a cooperative (the cooperative speaks for it).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "cooperative_members")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub cooperative_id: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub member_id: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
