use crate::domain::report::trends::Headline;
use leptos::prelude::*;

/// Contacts and Stage 1 complaints over the years, as vertical bars drawn as SVG on the server
/// (no JavaScript). Decorative for screen readers: the trends table is the text alternative
/// (`aria-describedby`). A year without the figure gets no bar and "no figure".
#[component]
pub fn TrendChart(years: Vec<Headline>, table_id: String, publishable: bool) -> impl IntoView {
    use crate::domain::report::{SMALL_MARK, SUPPRESS_BELOW};
    let small =
        move |n: Option<u64>| publishable && n.is_some_and(|n| (1..SUPPRESS_BELOW).contains(&n));
    let max = years
        .iter()
        .flat_map(|h| [h.contacts.unwrap_or(0), h.stage1.unwrap_or(0)])
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let (left, top, plot_h, slot_w) = (10.0, 30.0, 180.0, 64.0);
    let width = (left * 2.0 + slot_w * years.len().max(1) as f64).max(320.0);
    let height = top + plot_h + 40.0;
    let bar = move |n: Option<u64>| match n {
        _ if small(n) => 0.0,
        Some(n) => (n as f64 / max * plot_h).max(if n > 0 { 1.0 } else { 0.0 }),
        None => 0.0,
    };
    let value = move |n: Option<u64>| match n {
        _ if small(n) => SMALL_MARK.to_string(),
        Some(n) => n.to_string(),
        None => "no figure".to_string(),
    };
    if years
        .iter()
        .all(|h| h.contacts.is_none() && h.stage1.is_none())
    {
        return ().into_any();
    }
    view! {
        <figure class="chart trend-chart">
            <svg
                xmlns="http://www.w3.org/2000/svg"
                viewBox=format!("0 0 {width} {height}")
                width=width
                height=height
                role="img"
                aria-label="Chart: contacts and Stage 1 complaints by year, the same figures as the table"
                aria-describedby=table_id
            >
                <rect x=left y="4" width="12" height="12" class="bar-this"/>
                <text x=left + 16.0 y="14" class="chart-key">"Contacts received"</text>
                <rect x=left + 150.0 y="4" width="12" height="12" class="bar-last"/>
                <text x=left + 166.0 y="14" class="chart-key">"Stage 1 complaints"</text>
                <line x1=left y1=top + plot_h x2=width - left y2=top + plot_h class="chart-axis"/>
                {years
                    .into_iter()
                    .enumerate()
                    .map(|(i, h)| {
                        let x = left + slot_w * i as f64 + 6.0;
                        let (a, b) = (bar(h.contacts), bar(h.stage1));
                        view! {
                            <rect x=x y=top + plot_h - a width="24" height=a class="bar-this"/>
                            <text x=x + 12.0 y=top + plot_h - a - 3.0 text-anchor="middle" class="chart-value">{value(h.contacts)}</text>
                            <rect x=x + 26.0 y=top + plot_h - b width="24" height=b class="bar-last"/>
                            <text x=x + 38.0 y=top + plot_h - b - 14.0 text-anchor="middle" class="chart-value">{value(h.stage1)}</text>
                            <text x=x + 25.0 y=top + plot_h + 16.0 text-anchor="middle" class="chart-label">{h.label.clone()}</text>
                            <text x=x + 25.0 y=top + plot_h + 32.0 text-anchor="middle" class="chart-label">{h.source.label()}</text>
                        }
                    })
                    .collect_view()}
            </svg>
        </figure>
    }
    .into_any()
}
