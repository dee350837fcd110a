//! The header's search box: a GET form to `/products?q=…` (works without wasm; the islands
//! router follows it without a reload), and, once awake, suggestions as you type (products,
//! villages, producers), fetched 200 ms after the last keystroke and navigable with the
//! keyboard (the ARIA combobox pattern). An island: the server passes it the current search.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::domain::catalog::Suggestions;
use crate::i18n::{use_lang, Lang, Msg};

const DEBOUNCE_MS: u64 = 200;
const MIN_CHARS: usize = 2;

/// The words the search box shows, in the page's language. The server picks them, so the
/// island carries no message tables.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct SearchTexts {
    label: String,
    placeholder: String,
    button: String,
    suggestions: String,
    product: String,
    village: String,
    producer: String,
}

#[component]
pub fn SearchBox() -> impl IntoView {
    let query = use_query_map();
    let q = query.with_untracked(|q| q.get("q")).unwrap_or_default();
    let lang = use_lang();
    let t = move |m: Msg| lang.t(m).to_owned();
    let texts = SearchTexts {
        label: t(Msg::SearchLabel),
        placeholder: t(Msg::SearchPlaceholder),
        button: t(Msg::SearchButton),
        suggestions: t(Msg::SuggestionsLabel),
        product: t(Msg::NavProducts),
        village: t(Msg::NavVillages),
        producer: t(Msg::SuggestionProducer),
    };
    view! { <SearchField q lang texts/> }
}

#[island]
fn SearchField(q: String, lang: Lang, texts: SearchTexts) -> impl IntoView {
    let texts = StoredValue::new(texts);
    let text = move |pick: fn(&SearchTexts) -> &String| texts.with_value(|t| pick(t).clone());
    let (typed, set_typed) = signal(q.clone());
    let (open, set_open) = signal(false);
    let (active, set_active) = signal(None::<usize>);
    let (suggestions, set_suggestions) = signal(Suggestions::default());
    // Counts keystrokes: a fetch or a timer started before the latest one is stale.
    let generation = StoredValue::new(0u64);
    let links = move || suggestions.with(Suggestions::links);

    // Only in the browser: nothing to suggest while rendering on the server.
    let fetch_suggestions = move |q: String, mine: u64| {
        if q.trim().chars().count() < MIN_CHARS {
            set_suggestions.set(Suggestions::default());
            return;
        }
        #[cfg(feature = "hydrate")]
        leptos::task::spawn_local(async move {
            use server_fn::ServerFn;
            let args = [("q", q.as_str()), ("lang", lang.code())];
            let found = crate::browser::call_server::<Suggestions>(crate::api::catalog::Suggest::PATH, &args)
                .await
                .unwrap_or_default();
            if generation.get_value() == mine {
                set_suggestions.set(found);
            }
        });
        #[cfg(not(feature = "hydrate"))]
        let _ = (mine, lang);
    };

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
                    fetch_suggestions(value, mine);
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
            <label class="visually-hidden" for="site-search">{text(|t| &t.label)}</label>
            <input id="site-search" type="search" name="q" placeholder=text(|t| &t.placeholder) autocomplete="off"
                role="combobox" aria-autocomplete="list" aria-controls="search-suggestions"
                aria-expanded=move || (open.get() && !links().is_empty()).to_string()
                aria-activedescendant=move || active.get().map(|i| format!("suggestion-{i}"))
                value=q prop:value=move || typed.get()
                on:input=on_input
                on:keydown=on_keydown
                on:blur=move |_| set_timeout(move || set_open.set(false), std::time::Duration::from_millis(150))/>
            <button type="submit">{text(|t| &t.button)}</button>
            <Show when=move || open.get() && !links().is_empty()>
                <ul id="search-suggestions" class="suggestions" role="listbox" aria-label=text(|t| &t.suggestions)
                    data-testid="suggestions">
                    {move || links().into_iter().enumerate().map(|(i, (href, label))| {
                        let kind = if href.starts_with("/products/") { text(|t| &t.product) }
                            else if href.starts_with("/villages/") { text(|t| &t.village) }
                            else { text(|t| &t.producer) };
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
