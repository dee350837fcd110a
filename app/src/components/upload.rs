//! A file upload form that works as a plain multipart post before the wasm loads, and after
//! it sends the same form with `XMLHttpRequest` to show a progress bar, then has the islands
//! router show the page again with the new file. An island: the router itself would post
//! the form url-encoded, without the file.

use leptos::prelude::*;

use crate::i18n::{use_lang, Msg};

#[island]
pub fn UploadForm(
    /// Where the form posts.
    #[prop(into)]
    action: String,
    /// The file field's name.
    #[prop(into)]
    field: String,
    #[prop(into)]
    accept: String,
    label: Msg,
    submit: Msg,
    #[prop(into)]
    id: String,
    #[prop(optional, into)] testid: Option<String>,
) -> impl IntoView {
    let lang = use_lang();
    let t = move |m: Msg| lang.t(m);
    // Percent sent, while an upload runs; the error message after a failed one.
    let progress = RwSignal::new(None::<u32>);
    let failed = RwSignal::new(None::<String>);
    let form_ref = NodeRef::<leptos::html::Form>::new();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        #[cfg(feature = "hydrate")]
        {
            if let Some(form) = form_ref.get() {
                ev.prevent_default();
                send_with_progress(form, progress, failed, lang);
            }
        }
        #[cfg(not(feature = "hydrate"))]
        {
            let _ = (&ev, form_ref);
        }
    };
    view! {
        <form node_ref=form_ref method="post" action=action enctype="multipart/form-data" class="upload-form"
            data-testid=testid on:submit=on_submit>
            <label for=id.clone()>{t(label)}</label>
            <input id=id type="file" name=field accept=accept required/>
            <button type="submit" class="button" disabled=move || progress.get().is_some()>{t(submit)}</button>
            {move || progress.get().map(|p| view! {
                <span class="upload-progress" role="status">
                    {t(Msg::Uploading)}" "
                    <progress max="100" value=p.to_string() data-testid="upload-progress">{format!("{p} %")}</progress>
                </span>
            })}
            {move || failed.get().map(|m| view! { <p class="form-error" role="alert" data-testid="upload-error">{m}</p> })}
        </form>
    }
}

#[cfg(feature = "hydrate")]
fn send_with_progress(
    form: web_sys::HtmlFormElement,
    progress: RwSignal<Option<u32>>,
    failed: RwSignal<Option<String>>,
    lang: crate::i18n::Lang,
) {
    use wasm_bindgen::{closure::Closure, JsCast};

    let (Ok(data), Ok(xhr)) = (web_sys::FormData::new_with_form(&form), web_sys::XmlHttpRequest::new()) else {
        let _ = form.submit();
        return;
    };
    if xhr.open("POST", &form.action()).is_err() || xhr.set_request_header("Accept", "application/json").is_err() {
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
    let on_load = Closure::<dyn FnMut()>::new(move || {
        progress.set(None);
        let status = xhr_done.status().unwrap_or(0);
        if (200..300).contains(&status) {
            form_done.reset();
            crate::browser::refresh();
        } else {
            let message = xhr_done
                .response_text()
                .ok()
                .flatten()
                .and_then(|body| serde_json::from_str::<crate::error::AppError>(&body).ok())
                .map(|err| match &err {
                    crate::error::AppError::Validation { fields } => {
                        fields.first().map(|f| lang.t(f.problem.message())).unwrap_or_else(|| err.localized(lang))
                    }
                    _ => err.localized(lang),
                })
                .unwrap_or_else(|| lang.t(Msg::ErrNetwork));
            failed.set(Some(message.to_owned()));
        }
    });
    xhr.set_onloadend(Some(on_load.as_ref().unchecked_ref()));
    on_load.forget();
    if xhr.send_with_opt_form_data(Some(&data)).is_err() {
        progress.set(None);
        failed.set(Some(lang.t(Msg::ErrNetwork).to_owned()));
    }
}
