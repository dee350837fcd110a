//! The programme's figures: headline numbers and two accessible data tables.

use leptos::prelude::*;

use crate::domain::{figures::ProgrammeFigures, ProducerKind};
use crate::i18n::{use_lang, Msg};

#[component]
pub fn FiguresView(figures: ProgrammeFigures) -> impl IntoView {
    let lang = use_lang();
    let t = move |m: Msg| lang.t(m);
    let n = move |v: u64| lang.number(v);
    let share = {
        let total = figures.ocop_products;
        move |part: u64| lang.per_mille(ProgrammeFigures::per_mille(part, total))
    };
    let star_rows = vec![
        (t(Msg::FigPotentialFive), figures.potential_five_star, "potential-five"),
        (t(Msg::FigFourStar), figures.four_star, "four"),
        (t(Msg::FigThreeStar), figures.three_star, "three"),
    ];
    let national_five = figures.five_star;
    let kind_rows: Vec<_> = ProducerKind::ALL
        .iter()
        .map(|k| (lang.producer_kind_plural(*k), figures.producers_of(*k), k.code()))
        .collect();

    view! {
        <ul class="figures" data-testid="figures">
            <li class="figure"><strong data-testid="fig-villages">{n(figures.villages)}</strong><span>{t(Msg::FigVillages)}</span></li>
            <li class="figure"><strong data-testid="fig-districts">{n(figures.districts_with_villages)}</strong><span>{t(Msg::FigDistricts)}</span></li>
            <li class="figure"><strong data-testid="fig-ocop">{n(figures.ocop_products)}</strong><span>{t(Msg::FigOcopProducts)}</span></li>
            <li class="figure"><strong data-testid="fig-producers">{n(figures.producers_total())}</strong><span>{t(Msg::FigProducers)}</span></li>
            <li class="figure"><strong data-testid="fig-jobs">{n(figures.rural_jobs)}</strong><span>{t(Msg::FigJobs)}</span></li>
        </ul>
        <div class="figure-tables">
            <table class="data-table" data-testid="stars-table">
                <caption>{t(Msg::FiguresStarsCaption)}</caption>
                <thead><tr><th scope="col">{t(Msg::ColumnRating)}</th><th scope="col">{t(Msg::ColumnCount)}</th><th scope="col">{t(Msg::ColumnShare)}</th></tr></thead>
                <tbody>
                    {star_rows.into_iter().map(|(label, count, id)| view! {
                        <tr data-testid=format!("stars-{id}")>
                            <th scope="row">{label}</th>
                            <td>{n(count)}</td>
                            <td>{share(count)}</td>
                        </tr>
                    }).collect_view()}
                    {(national_five > 0).then(|| view! {
                        <tr data-testid="stars-five">
                            <th scope="row">{t(Msg::FigFiveStar)}</th>
                            <td>{n(national_five)}</td>
                            <td>{share(national_five)}</td>
                        </tr>
                    })}
                </tbody>
            </table>
            <table class="data-table" data-testid="kinds-table">
                <caption>{t(Msg::FiguresKindsCaption)}</caption>
                <thead><tr><th scope="col">{t(Msg::ColumnKind)}</th><th scope="col">{t(Msg::ColumnCount)}</th></tr></thead>
                <tbody>
                    {kind_rows.into_iter().map(|(label, count, code)| view! {
                        <tr data-testid=format!("kind-{code}")>
                            <th scope="row">{label}</th>
                            <td>{n(count)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        <p class="figures__note">{t(Msg::FiguresLive)}</p>
    }
}
