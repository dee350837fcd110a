//! Form pieces shared by the account, dashboard and office pages: labelled fields that show
//! their problem beside them, and the form-wide error.
//!
//! Forms post to server functions, so they work before the wasm loads. Without the wasm a
//! failed post comes back to the same page with the error in the URL (`__err`, `__path`);
//! `url_error` reads it there, on the server and in the browser alike.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use server_fn::error::ServerFnUrlError;

use crate::components::escaping::textarea_html;
use crate::error::AppError;
use crate::i18n::{use_lang, Msg};

/// The error a form post to `path` (e.g. `/api/login`) left in the URL, if any.
pub fn url_error(path: &'static str) -> Memo<Option<AppError>> {
    let query = use_query_map();
    Memo::new(move |_| {
        query.with(|q| match (q.get("__path"), q.get("__err")) {
            (Some(p), Some(err)) if p == path => Some(ServerFnUrlError::<AppError>::decode_err(&err)),
            _ => None,
        })
    })
}

/// The error of the last run of an action, or the one the URL carries for its path.
pub fn action_error<I, O>(action: ServerAction<I>, path: &'static str) -> Signal<Option<AppError>>
where
    I: server_fn::ServerFn<Output = O, Error = AppError> + Clone + Send + Sync + 'static,
    O: Clone + Send + Sync + 'static,
{
    let from_url = url_error(path);
    Signal::derive(move || match action.value().get() {
        Some(Err(err)) => Some(err),
        Some(Ok(_)) => None,
        None => from_url.get(),
    })
}

/// How the last post of one of a page's many same-function forms ended, as the server sent the
/// page back: `form_key` is what the form sent in its hidden field `__form`, which the server
/// carries back as `__form` (`server/src/form_outcome.rs`). Rendered on the server; no wasm.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FormOutcome {
    pub done: bool,
    pub error: Option<AppError>,
}

pub fn form_outcome(path: &str, form_key: &str) -> FormOutcome {
    use_query_map().with_untracked(|q| {
        if q.get_str("__form") != Some(form_key) {
            return FormOutcome::default();
        }
        let error = match (q.get_str("__path"), q.get_str("__err")) {
            (Some(p), Some(err)) if p == path => Some(ServerFnUrlError::<AppError>::decode_err(err)),
            _ => None,
        };
        FormOutcome { done: error.is_none() && q.get_str("__ok") == Some(path), error }
    })
}

/// Whether the last run of an action succeeded: in the browser, or, for a form the server
/// answered with a page (posted without the wasm or through the islands router), when the
/// server sent it back with `__ok=<path>` (`server/src/form_outcome.rs`).
pub fn action_done<I, O>(action: ServerAction<I>, path: &'static str) -> Signal<bool>
where
    I: server_fn::ServerFn<Output = O, Error = AppError> + Clone + Send + Sync + 'static,
    O: Clone + Send + Sync + 'static,
{
    let query = use_query_map();
    let from_url = Memo::new(move |_| query.with(|q| q.get("__ok").is_some_and(|p| p == path)));
    Signal::derive(move || match action.value().get() {
        Some(Ok(_)) => true,
        Some(Err(_)) => false,
        None => from_url.get(),
    })
}

/// The form-wide message for an error (field problems are shown at their fields).
#[component]
pub fn FormError(error: Signal<Option<AppError>>) -> impl IntoView {
    let lang = use_lang();
    move || {
        error.get().map(|err| view! { <p class="form-error" role="alert" data-testid="form-error">{err.localized(lang)}</p> })
    }
}

/// A labelled input (or textarea) whose problem, if the last post reported one for `field`,
/// is shown beside it and tied to it with `aria-describedby`.
#[component]
pub fn Field(
    label: Msg,
    /// The form field's name as posted (e.g. `product[name_vi]`).
    name: &'static str,
    /// The key problems are reported under (e.g. `name_vi`).
    field: &'static str,
    error: Signal<Option<AppError>>,
    #[prop(optional, into)] value: String,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] required: bool,
    #[prop(optional)] multiline: bool,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] hint: Option<Msg>,
    #[prop(optional)] inputmode: Option<&'static str>,
) -> impl IntoView {
    let lang = use_lang();
    let id = format!("f-{}", field.replace('_', "-"));
    let problem_id = format!("{id}-problem");
    let hint_id = format!("{id}-hint");
    let problem = move || error.get().and_then(|e| e.field_problem(field));
    let described = {
        let (problem_id, hint_id) = (problem_id.clone(), hint_id.clone());
        move || {
            let mut ids = Vec::new();
            if hint.is_some() {
                ids.push(hint_id.clone());
            }
            if problem().is_some() {
                ids.push(problem_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    let invalid = move || problem().map(|_| "true");
    let control = if multiline {
        view! {
            <textarea id=id.clone() name=name rows="6" required=required aria-invalid=invalid aria-describedby=described.clone()
                data-testid=format!("field-{field}") inner_html=textarea_html(&value)></textarea>
        }
        .into_any()
    } else {
        view! {
            <input id=id.clone() name=name type=kind value=value required=required autocomplete=autocomplete inputmode=inputmode
                aria-invalid=invalid aria-describedby=described data-testid=format!("field-{field}")/>
        }
        .into_any()
    };
    view! {
        <div class="field">
            <label for=id>{lang.t(label)}</label>
            {control}
            {hint.map(|h| view! { <p class="field__hint" id=hint_id>{lang.t(h)}</p> })}
            {move || problem().map(|p| view! {
                <p class="field__problem" id=problem_id.clone() data-testid=format!("problem-{field}")>{lang.t(p.message())}</p>
            })}
        </div>
    }
}

/// A problem for `field` alone (for controls that are not a [`Field`]).
#[component]
pub fn FieldProblem(field: &'static str, error: Signal<Option<AppError>>) -> impl IntoView {
    let lang = use_lang();
    move || {
        error.get().and_then(|e| e.field_problem(field)).map(|p| {
            view! {
                <p class="field__problem" data-testid=format!("problem-{field}")>{lang.t(p.message())}</p>
            }
        })
    }
}
