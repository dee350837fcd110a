use sea_orm::entity::prelude::*;

/// A commune, ward or township (xã / phường / thị trấn), the unit addresses are written in.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "communes")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub district_id: i32,
    pub name: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::district::Entity",
        from = "Column::DistrictId",
        to = "super::district::Column::Id"
    )]
    District,
}

impl Related<super::district::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::District.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
