//! The header's search box: a GET form to `/products?q=…` (works without wasm; the islands
//! router follows it without a reload), and, once awake, suggestions as you type (products,
//! villages, producers), fetched 200 ms after the last keystroke and navigable with the
//! keyboard (the ARIA combobox pattern). An island: the server passes it the current search.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api::catalog::suggest;
use crate::domain::catalog::Suggestions;
use crate::i18n::{use_lang, Msg};

const DEBOUNCE_MS: u64 = 200;
const MIN_CHARS: usize = 2;

#[component]
pub fn SearchBox() -> impl IntoView {
    let query = use_query_map();
    let q = query.with_untracked(|q| q.get("q")).unwrap_or_default();
    view! { <SearchField q/> }
}

#[island]
fn SearchField(q: String) -> impl IntoView {
    let lang = use_lang();
    let t = move |m: Msg| lang.t(m);
    let (typed, set_typed) = signal(q.clone());
    let (settled, set_settled) = signal(String::new());
    let (open, set_open) = signal(false);
    let (active, set_active) = signal(None::<usize>);
    let generation = StoredValue::new(0u64);

    // Only in the browser: nothing to suggest while rendering on the server.
    let suggestions = LocalResource::new(move || {
        let q = settled.get();
        async move {
            if q.trim().chars().count() < MIN_CHARS {
                Suggestions::default()
            } else {
                suggest(q, lang).await.unwrap_or_default()
            }
        }
    });
    let links = move || suggestions.get().map(|s| s.links()).unwrap_or_default();

    let on_input = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        set_typed.set(value.clone());
        set_open.set(true);
        set_active.set(None);
        generation.update_value(|g| *g += 1);
        let mine = generation.get_value();
        set_timeout(
            move || {
                if generation.get_value() == mine {
                    set_settled.set(value);
                }
            },
            std::time::Duration::from_millis(DEBOUNCE_MS),
        );
    };

    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        let count = links().len();
        match ev.key().as_str() {
            "ArrowDown" if count > 0 => {
                ev.prevent_default();
                set_open.set(true);
                set_active.update(|a| *a = Some(a.map_or(0, |i| (i + 1) % count)));
            }
            "ArrowUp" if count > 0 => {
                ev.prevent_default();
                set_active.update(|a| *a = Some(a.map_or(count - 1, |i| (i + count - 1) % count)));
            }
            "Enter" => {
                if let Some((href, _)) = active.get().and_then(|i| links().get(i).cloned()) {
                    ev.prevent_default();
                    set_open.set(false);
                    crate::browser::navigate(&href);
                }
            }
            // The first Escape closes the list; only a second one lets the browser clear the box.
            "Escape" if open.get_untracked() && count > 0 => {
                ev.prevent_default();
                set_open.set(false);
                set_active.set(None);
            }
            _ => {}
        }
    };

    view! {
        // Enter submits: the list closes, so it does not cover the results.
        <form method="GET" action="/products" class="search" role="search" on:submit=move |_| set_open.set(false)>
            <label class="visually-hidden" for="site-search">{t(Msg::SearchLabel)}</label>
            <input id="site-search" type="search" name="q" placeholder=t(Msg::SearchPlaceholder) autocomplete="off"
                role="combobox" aria-autocomplete="list" aria-controls="search-suggestions"
                aria-expanded=move || (open.get() && !links().is_empty()).to_string()
                aria-activedescendant=move || active.get().map(|i| format!("suggestion-{i}"))
                value=q prop:value=move || typed.get()
                on:input=on_input
                on:keydown=on_keydown
                on:blur=move |_| set_timeout(move || set_open.set(false), std::time::Duration::from_millis(150))/>
            <button type="submit">{t(Msg::SearchButton)}</button>
            <Show when=move || open.get() && !links().is_empty()>
                <ul id="search-suggestions" class="suggestions" role="listbox" aria-label=t(Msg::SuggestionsLabel)
                    data-testid="suggestions">
                    {move || links().into_iter().enumerate().map(|(i, (href, label))| {
                        let kind = if href.starts_with("/products/") { t(Msg::NavProducts) }
                            else if href.starts_with("/villages/") { t(Msg::NavVillages) }
                            else { t(Msg::SuggestionProducer) };
                        view! {
                            <li id=format!("suggestion-{i}") role="option"
                                aria-selected=move || (active.get() == Some(i)).to_string()
                                class=move || if active.get() == Some(i) { "suggestion suggestion--active" } else { "suggestion" }>
                                <a href=href on:click=move |_| set_open.set(false)>
                                    <span>{label}</span>
                                    <span class="suggestion__kind">{kind}</span>
                                </a>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </Show>
        </form>
    }
}
