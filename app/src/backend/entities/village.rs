use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "villages")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub slug: String,
    pub name: String,
    pub commune_id: i32,
    pub year_recognised: Option<i32>,
    pub traditional: bool,
    #[sea_orm(column_type = "Text")]
    pub story_vi: String,
    #[sea_orm(column_type = "Text", nullable)]
    pub story_en: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::commune::Entity",
        from = "Column::CommuneId",
        to = "super::commune::Column::Id"
    )]
    Commune,
}

impl Related<super::commune::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Commune.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
