use crate::api::officer::Bar;
use leptos::prelude::*;

/// A horizontal bar chart drawn as SVG on the server (no JavaScript), this year against last
/// year. It is decorative for screen readers: its table, right below, is the text alternative
/// (`aria-describedby`). Hidden counts ("<5") get no bar.
#[component]
pub fn BarChart(
    bars: Vec<Bar>,
    table_id: String,
    this_label: String,
    last_label: String,
) -> impl IntoView {
    let bars: Vec<Bar> = bars
        .into_iter()
        .filter(|b| b.this_year.unwrap_or(0) + b.last_year.unwrap_or(0) > 0)
        .collect();
    if bars.is_empty() {
        return ().into_any();
    }
    let max = bars
        .iter()
        .flat_map(|b| [b.this_year.unwrap_or(0), b.last_year.unwrap_or(0)])
        .max()
        .unwrap_or(1)
        .max(1) as f64;
    let (label_w, bar_w, row_h) = (260.0, 360.0, 34.0);
    let height = 30.0 + row_h * bars.len() as f64;
    let width = label_w + bar_w + 60.0;
    let scale = move |n: u64| (n as f64 / max * bar_w).max(if n > 0 { 1.0 } else { 0.0 });
    view! {
        <figure class="chart">
            <svg
                xmlns="http://www.w3.org/2000/svg"
                viewBox=format!("0 0 {width} {height}")
                role="img"
                aria-label="Chart: the same figures as the table below"
                aria-describedby=table_id
            >
                <rect x=label_w y="4" width="12" height="12" class="bar-this"/>
                <text x=label_w + 16.0 y="14" class="chart-key">{this_label}</text>
                <rect x=label_w + 130.0 y="4" width="12" height="12" class="bar-last"/>
                <text x=label_w + 146.0 y="14" class="chart-key">{last_label}</text>
                {bars
                    .into_iter()
                    .enumerate()
                    .map(|(i, b)| {
                        let y = 26.0 + row_h * i as f64;
                        let short: String = b.label.chars().take(38).collect();
                        view! {
                            <text x=label_w - 8.0 y=y + 16.0 text-anchor="end" class="chart-label">{short}</text>
                            <rect x=label_w y=y + 2.0 width=scale(b.this_year.unwrap_or(0)) height="13" class="bar-this"/>
                            <text x=label_w + scale(b.this_year.unwrap_or(0)) + 4.0 y=y + 13.0 class="chart-value">
                                {b.this_year.map(|n| n.to_string()).unwrap_or_else(|| "<5".into())}
                            </text>
                            <rect x=label_w y=y + 16.0 width=scale(b.last_year.unwrap_or(0)) height="13" class="bar-last"/>
                            <text x=label_w + scale(b.last_year.unwrap_or(0)) + 4.0 y=y + 27.0 class="chart-value">
                                {b.last_year.map(|n| n.to_string()).unwrap_or_else(|| "<5".into())}
                            </text>
                        }
                    })
                    .collect_view()}
            </svg>
        </figure>
    }
    .into_any()
}
