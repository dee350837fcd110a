//! "Save" on product pages and storefronts: a signed-in user keeps the product or producer
//! among their favourites; a guest is offered to log in.

use leptos::prelude::*;
use leptos_router::{components::A, hooks::use_location};

use crate::api::reviews::{favourite_state, SetFavourite};
use crate::domain::favourites::FavouriteKind;
use crate::i18n::{use_lang, Msg};

#[component]
pub fn FavouriteButton(kind: FavouriteKind, id: i32) -> impl IntoView {
    let lang = use_lang();
    let t = move |m: Msg| lang.t(m);
    let set = ServerAction::<SetFavourite>::new();
    let state = Resource::new(move || set.version().get(), move |_| favourite_state(kind, id));
    let location = use_location();
    let kind_code = match kind {
        FavouriteKind::Product => "product",
        FavouriteKind::Producer => "producer",
    };
    view! {
        <Transition fallback=|| ()>
            {move || state.get().map(|s| match s {
                Ok(Some(on)) => view! {
                    <ActionForm action=set attr:class="inline-form favourite" attr:data-testid="favourite-form">
                        <input type="hidden" name="kind" value=kind_code/>
                        <input type="hidden" name="id" value=id.to_string()/>
                        <input type="hidden" name="on" value=(!on).to_string()/>
                        <button type="submit" class="button" aria-pressed=on.to_string() data-testid="favourite-button">
                            {if on { t(Msg::FavouriteSaved) } else { t(Msg::FavouriteSave) }}
                        </button>
                    </ActionForm>
                }.into_any(),
                Ok(None) => view! {
                    <A href=format!("/login?next={}", location.pathname.get_untracked()) attr:class="button" attr:data-testid="favourite-login">
                        {t(Msg::FavouriteSave)}
                    </A>
                }.into_any(),
                Err(_) => ().into_any(),
            })}
        </Transition>
    }
}
