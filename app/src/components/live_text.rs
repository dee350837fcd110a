//! Text that follows what is typed into a field elsewhere on the page (a storefront's preview
//! of its name and story, before saving). An island: the field's form is server-rendered.

use leptos::prelude::*;

/// Shows `text`, then whatever the element with id `source` holds after each keystroke;
/// `paragraphs` splits it at blank lines into `<p>`s.
#[island]
pub fn LiveText(#[prop(into)] source: String, #[prop(into)] text: String, paragraphs: bool) -> impl IntoView {
    let text = RwSignal::new(text);
    Effect::new(move |_| {
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::{closure::Closure, JsCast};
            let field = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(&source));
            if let Some(field) = field {
                let on_input = Closure::<dyn Fn(web_sys::Event)>::new(move |ev: web_sys::Event| text.set(event_target_value(&ev)));
                let _ = field.add_event_listener_with_callback("input", on_input.as_ref().unchecked_ref());
                // As long as the field: the page's islands are never torn down.
                on_input.forget();
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = &source;
    });
    move || {
        if paragraphs {
            text.get().split("\n\n").map(|para| view! { <p>{para.to_owned()}</p> }).collect_view().into_any()
        } else {
            text.get().into_any()
        }
    }
}
