//! A file upload form that works as a plain multipart post before the wasm loads, and after
//! it sends the same form with `XMLHttpRequest` to show a progress bar, then has the islands
//! router show the page the server answered with (the new file, or the error it names with
//! `?upload_error=`, both rendered by the server). An island: the router itself would post the
//! form url-encoded, without the file.

use leptos::prelude::*;

use crate::i18n::{use_lang, Lang, Msg};

/// The words an upload form shows, in the page's language: the server picks them, so the
/// island carries no message tables.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct UploadTexts {
    label: String,
    submit: String,
    uploading: String,
    /// When the server refused the body as too large before reading it (413).
    too_large: String,
    /// When the upload did not get through (network, or the server refused it outright).
    failed: String,
}

/// An upload form posting one file in `field` to `action`.
#[component]
pub fn UploadForm(
    /// Where the form posts.
    #[prop(into)]
    action: String,
    /// The file field's name.
    #[prop(into)]
    field: String,
    #[prop(into)] accept: String,
    label: Msg,
    submit: Msg,
    #[prop(into)] id: String,
    #[prop(optional, into)] testid: Option<String>,
) -> impl IntoView {
    let lang = use_lang();
    let texts = UploadTexts {
        label: lang.t(label).to_owned(),
        submit: lang.t(submit).to_owned(),
        uploading: lang.t(Msg::Uploading).to_owned(),
        too_large: upload_message("size", lang).to_owned(),
        failed: lang.t(Msg::ErrNetwork).to_owned(),
    };
    view! { <Upload action field accept id testid texts/> }
}

/// The message for an `?upload_error=` code (`server/src/uploads_http.rs`).
pub fn upload_message(code: &str, lang: Lang) -> &'static str {
    use crate::error::Problem;
    match code {
        "size" => lang.t(Problem::FileSize.message()),
        "dimensions" => lang.t(Problem::ImageTooLarge.message()),
        "type" => lang.t(Problem::UnsupportedFile.message()),
        "count" => lang.t(Problem::OutOfRange.message()),
        _ => lang.t(Msg::ErrValidation),
    }
}

#[island]
fn Upload(
    action: String,
    field: String,
    accept: String,
    id: String,
    testid: Option<String>,
    texts: UploadTexts,
) -> impl IntoView {
    // Percent sent, while an upload runs; the error message after one that did not get through.
    let progress = RwSignal::new(None::<u32>);
    let failed = RwSignal::new(None::<String>);
    let form_ref = NodeRef::<leptos::html::Form>::new();
    let UploadTexts { label, submit, uploading, too_large, failed: failed_text } = texts;
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        #[cfg(feature = "hydrate")]
        {
            if let Some(form) = form_ref.get() {
                ev.prevent_default();
                send_with_progress(form, progress, failed, (too_large.clone(), failed_text.clone()));
            }
        }
        #[cfg(not(feature = "hydrate"))]
        {
            let _ = (&ev, form_ref, &too_large, &failed_text);
        }
    };
    view! {
        <form node_ref=form_ref method="post" action=action enctype="multipart/form-data" class="upload-form"
            data-testid=testid on:submit=on_submit>
            <label for=id.clone()>{label}</label>
            <input id=id type="file" name=field accept=accept required/>
            <button type="submit" class="button" disabled=move || progress.get().is_some()>{submit}</button>
            {move || progress.get().map(|p| view! {
                <span class="upload-progress" role="status">
                    {uploading.clone()}" "
                    <progress max="100" value=p.to_string() data-testid="upload-progress">{format!("{p} %")}</progress>
                </span>
            })}
            {move || failed.get().map(|m| view! { <p class="form-error" role="alert" data-testid="upload-error">{m}</p> })}
        </form>
    }
}

/// Sends `form` as the browser would (multipart, asking for a page), showing the progress;
/// then shows the page the server answered with, through the islands router.
#[cfg(feature = "hydrate")]
fn send_with_progress(
    form: web_sys::HtmlFormElement,
    progress: RwSignal<Option<u32>>,
    failed: RwSignal<Option<String>>,
    (too_large, failed_text): (String, String),
) {
    use wasm_bindgen::{closure::Closure, JsCast};

    let (Ok(data), Ok(xhr)) = (web_sys::FormData::new_with_form(&form), web_sys::XmlHttpRequest::new())
    else {
        let _ = form.submit();
        return;
    };
    if xhr.open("POST", &form.action()).is_err() || xhr.set_request_header("Accept", "text/html").is_err() {
        let _ = form.submit();
        return;
    }
    failed.set(None);
    progress.set(Some(0));
    let on_progress = Closure::<dyn FnMut(web_sys::ProgressEvent)>::new(move |ev: web_sys::ProgressEvent| {
        if ev.length_computable() && ev.total() > 0.0 {
            progress.set(Some(((ev.loaded() / ev.total()) * 100.0).round() as u32));
        }
    });
    if let Ok(upload) = xhr.upload() {
        upload.set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
    }
    on_progress.forget();
    let xhr_done = xhr.clone();
    let form_done = form.clone();
    let not_sent = failed_text.clone();
    let on_load = Closure::<dyn FnMut()>::new(move || {
        progress.set(None);
        let status = xhr_done.status().unwrap_or(0);
        // The server answers a form with a redirect to the page, with `?upload_error=` if it
        // refused the file; the request followed it, so its URL is the page to show.
        if (200..300).contains(&status) {
            form_done.reset();
            crate::browser::navigate(&xhr_done.response_url());
        } else if status == 413 {
            failed.set(Some(too_large.clone()));
        } else {
            failed.set(Some(failed_text.clone()));
        }
    });
    xhr.set_onloadend(Some(on_load.as_ref().unchecked_ref()));
    on_load.forget();
    if xhr.send_with_opt_form_data(Some(&data)).is_err() {
        progress.set(None);
        failed.set(Some(not_sent));
    }
}
