//! A horizontal bar chart drawn as server-rendered SVG, with the same figures in a data
//! table beside it: the SVG is `role="img"` with a text alternative, and the table is what
//! screen readers and copy-paste use.

use leptos::prelude::*;

use crate::domain::figures::Bar;
use crate::i18n::{use_lang, Msg};

const ROW_HEIGHT: u32 = 22;
const LABEL_WIDTH: u32 = 190;
const BAR_WIDTH: u32 = 300;
const VALUE_WIDTH: u32 = 60;

/// A label shortened to fit the label column (the table keeps the whole text).
fn fit(label: &str) -> String {
    const MAX: usize = 28;
    if label.chars().count() <= MAX {
        label.to_owned()
    } else {
        format!("{}…", label.chars().take(MAX - 1).collect::<String>())
    }
}

#[component]
pub fn BarChart(
    /// Heading of the chart and caption of its table.
    title: String,
    bars: Vec<Bar>,
    /// Names the chart for tests and anchors (`chart-{id}`).
    id: &'static str,
) -> impl IntoView {
    let lang = use_lang();
    let max = bars.iter().map(|b| b.value).max().unwrap_or(0).max(1);
    let total: u64 = bars.iter().map(|b| b.value).sum();
    let height = ROW_HEIGHT * bars.len().max(1) as u32 + 8;
    let width = LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH;
    let title_id = format!("chart-{id}-title");
    let summary = format!("{title}: {} {}", lang.t(Msg::ChartTotal), lang.number(total));
    let rows = bars.clone();
    view! {
        <figure class="chart" data-testid=format!("chart-{id}") data-total=total>
            <figcaption id=title_id.clone()>{title.clone()}</figcaption>
            <svg viewBox=format!("0 0 {width} {height}") width="100%" role="img" aria-labelledby=title_id
                preserveAspectRatio="xMinYMin meet" class="chart__svg">
                <title>{summary}</title>
                {bars.into_iter().enumerate().map(|(i, b)| {
                    let y = 4 + i as u32 * ROW_HEIGHT;
                    let w = ((b.value as f64 / max as f64) * f64::from(BAR_WIDTH)).round().max(if b.value > 0 { 1.0 } else { 0.0 });
                    view! {
                        <g>
                            <text x=LABEL_WIDTH - 6 y=y + 15 text-anchor="end" class="chart__label">{fit(&b.label)}</text>
                            <rect x=LABEL_WIDTH y=y + 3 width=w height=ROW_HEIGHT - 6 class="chart__bar"></rect>
                            <text x=f64::from(LABEL_WIDTH) + w + 6.0 y=y + 15 class="chart__value">{lang.number(b.value)}</text>
                        </g>
                    }
                }).collect_view()}
            </svg>
            <table class="data-table chart__table" data-testid=format!("table-{id}")>
                <caption class="visually-hidden">{title}</caption>
                <thead><tr><th scope="col">{lang.t(Msg::ChartItem)}</th><th scope="col">{lang.t(Msg::ColumnCount)}</th></tr></thead>
                <tbody>
                    {rows.into_iter().map(|b| view! {
                        <tr><th scope="row">{b.label}</th><td data-value=b.value>{lang.number(b.value)}</td></tr>
                    }).collect_view()}
                </tbody>
                <tfoot><tr><th scope="row">{lang.t(Msg::ChartTotal)}</th><td data-testid=format!("total-{id}")>{lang.number(total)}</td></tr></tfoot>
            </table>
        </figure>
    }
}
