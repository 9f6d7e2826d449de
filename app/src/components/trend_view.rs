use std::collections::BTreeSet;

use benchdash_core::trend::{analyze, Options, Trend};
use leptos::prelude::*;
use plotters::prelude::*;

use crate::browser::download;
use crate::format::number;
use crate::store::Store;

/// Draws the chosen series of a trend as SVG with plotters: one line per benchmark, points
/// for runs, dashed verticals at change points. The same drawing serves the page and the
/// SVG export.
pub fn chart_svg(
    trend: &Trend,
    chosen: &BTreeSet<String>,
    width: u32,
    height: u32,
) -> Result<String, String> {
    let series: Vec<_> = trend
        .series
        .iter()
        .filter(|s| chosen.contains(&s.benchmark))
        .collect();
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        root.fill(&WHITE).map_err(|e| e.to_string())?;
        let values = series.iter().flat_map(|s| s.points.iter().map(|p| p.value));
        let (lo, hi) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(v), hi.max(v))
        });
        let (lo, hi) = if lo.is_finite() { (lo, hi) } else { (0.0, 1.0) };
        let pad = if hi > lo {
            (hi - lo) * 0.1
        } else {
            lo.abs().max(1.0) * 0.1
        };
        let runs = trend.runs.len().max(2);
        let unit = series.first().map(|s| s.unit.clone()).unwrap_or_default();
        let mut chart = ChartBuilder::on(&root)
            .margin(12)
            .x_label_area_size(36)
            .y_label_area_size(70)
            .build_cartesian_2d(-0.3f64..(runs - 1) as f64 + 0.3, (lo - pad)..(hi + pad))
            .map_err(|e| e.to_string())?;
        let names: Vec<String> = trend.runs.iter().map(|r| r.name.clone()).collect();
        chart
            .configure_mesh()
            .x_labels(names.len().clamp(2, 8))
            .x_label_formatter(&|x| {
                let i = x.round();
                if (x - i).abs() < 1e-6 && i >= 0.0 {
                    names
                        .get(i as usize)
                        .map(|n| n.chars().take(18).collect())
                        .unwrap_or_default()
                } else {
                    String::new()
                }
            })
            .y_label_formatter(&|y| number(*y))
            .y_desc(unit)
            .draw()
            .map_err(|e| e.to_string())?;
        for (i, s) in series.iter().enumerate() {
            let colour = Palette99::pick(i).to_rgba();
            let index_of =
                |run_id: &str| trend.runs.iter().position(|r| r.id == run_id).unwrap_or(0) as f64;
            let points: Vec<(f64, f64)> = s
                .points
                .iter()
                .map(|p| (index_of(&p.run_id), p.value))
                .collect();
            chart
                .draw_series(LineSeries::new(points.clone(), colour.stroke_width(2)))
                .map_err(|e| e.to_string())?
                .label(s.benchmark.clone())
                .legend(move |(x, y)| {
                    PathElement::new(vec![(x, y), (x + 16, y)], colour.stroke_width(2))
                });
            chart
                .draw_series(
                    points
                        .iter()
                        .map(|&(x, y)| Circle::new((x, y), 3, colour.filled())),
                )
                .map_err(|e| e.to_string())?;
            for cp in trend
                .change_points
                .iter()
                .filter(|c| c.benchmark == s.benchmark && c.metric == s.metric)
            {
                let x = index_of(&cp.run_id) - 0.5;
                chart
                    .draw_series(DashedLineSeries::new(
                        vec![(x, lo - pad), (x, hi + pad)],
                        6,
                        4,
                        RED.stroke_width(1),
                    ))
                    .map_err(|e| e.to_string())?;
            }
        }
        if !series.is_empty() {
            chart
                .configure_series_labels()
                .background_style(WHITE.mix(0.85))
                .border_style(BLACK.mix(0.3))
                .position(SeriesLabelPosition::UpperLeft)
                .draw()
                .map_err(|e| e.to_string())?;
        }
        root.present().map_err(|e| e.to_string())?;
    }
    Ok(svg)
}

/// A metric across every loaded run in timestamp order: one line per chosen benchmark, change
/// points marked, with the values in a table beneath (the chart's text alternative).
#[component]
pub fn TrendView(store: RwSignal<Store>) -> impl IntoView {
    let metrics = Memo::new(move |_| {
        store.with(|s| {
            s.runs
                .iter()
                .flat_map(|r| {
                    r.run
                        .benchmarks
                        .iter()
                        .flat_map(|b| b.metrics.keys().cloned())
                })
                .collect::<BTreeSet<String>>()
        })
    });
    let metric = RwSignal::new(String::new());
    let chosen = RwSignal::new(BTreeSet::<String>::new());
    let current_metric = move || {
        let m = metric.get();
        let all = metrics.get();
        if all.contains(&m) {
            m
        } else if all.contains("latency") {
            "latency".to_string()
        } else {
            all.iter().next().cloned().unwrap_or_default()
        }
    };
    let trend = Memo::new(move |_| {
        let m = current_metric();
        store.with(|s| {
            let runs: Vec<_> = s.runs.iter().map(|r| r.run.clone()).collect();
            let options = Options {
                metric: Some(m),
                ..Options::default()
            };
            analyze(&runs, &options).map_err(|e| e.to_string())
        })
    });
    let benchmarks = move || match trend.get() {
        Ok(t) => t
            .series
            .iter()
            .map(|s| s.benchmark.clone())
            .collect::<Vec<_>>(),
        Err(_) => Vec::new(),
    };
    // With nothing chosen, the first few benchmarks are shown.
    let shown = move || {
        let picked = chosen.get();
        let available = benchmarks();
        let picked: BTreeSet<String> = picked
            .into_iter()
            .filter(|b| available.contains(b))
            .collect();
        if picked.is_empty() {
            available.into_iter().take(5).collect()
        } else {
            picked
        }
    };
    let svg = move || match trend.get() {
        Ok(t) => chart_svg(&t, &shown(), 900, 420),
        Err(e) => Err(e),
    };
    let toggle = move |b: String| {
        chosen.update(|c| {
            if !c.remove(&b) {
                c.insert(b);
            }
        })
    };
    let whole_group = move |b: String| {
        let group = b.rsplit_once('/').map(|(g, _)| g.to_string()).unwrap_or(b);
        let members: BTreeSet<String> = benchmarks()
            .into_iter()
            .filter(|x| x.starts_with(&group))
            .collect();
        chosen.set(members);
    };
    view! {
        <section class="trend-view" aria-label="Trends">
            <div class="filters">
                <label>
                    "Metric "
                    <select id="trend-metric" on:change=move |ev| metric.set(event_target_value(&ev))>
                        {move || {
                            let current = current_metric();
                            metrics.get().into_iter().map(|m| {
                                let selected = m == current;
                                view! { <option value=m.clone() selected=selected>{m.clone()}</option> }
                            }).collect_view()
                        }}
                    </select>
                </label>
                <button class="button secondary" on:click=move |_| {
                    if let Ok(s) = svg() {
                        download("trend.svg", "image/svg+xml", &s);
                    }
                }>"Export SVG"</button>
            </div>
            <div class="trend-layout">
                <ul class="trend-benchmarks">
                    {move || {
                        let on = shown();
                        benchmarks().into_iter().map(|b| {
                            let checked = on.contains(&b);
                            let (b1, b2) = (b.clone(), b.clone());
                            view! {
                                <li>
                                    <label><input type="checkbox" class="trend-pick" prop:checked=checked on:change=move |_| toggle(b1.clone()) />{b.clone()}</label>
                                    <button class="group-pick" title="all in this group" on:click=move |_| whole_group(b2.clone())>"group"</button>
                                </li>
                            }
                        }).collect_view()
                    }}
                </ul>
                {move || match svg() {
                    Ok(s) => view! { <div class="chart" id="trend-chart" role="img" aria-label="trend chart" inner_html=s></div> }.into_any(),
                    Err(e) => view! { <p class="error-message">{e}</p> }.into_any(),
                }}
            </div>
            {move || trend.get().ok().map(|t| {
                let on = shown();
                view! {
                    <table class="trend-table">
                        <thead><tr><th>"benchmark"</th><th>"run"</th><th>"time"</th><th class="num">"value"</th></tr></thead>
                        <tbody>
                            {t.series.iter().filter(|s| on.contains(&s.benchmark)).flat_map(|s| s.points.iter().map(move |p| view! {
                                <tr class="trend-row"><td>{s.benchmark.clone()}</td><td>{p.run_name.clone()}</td><td>{p.timestamp.clone()}</td><td class="num">{format!("{} {}", number(p.value), s.unit)}</td></tr>
                            })).collect_view()}
                        </tbody>
                    </table>
                    <p class="change-points" id="change-points">{
                        let cps: Vec<String> = t.change_points.iter().filter(|c| on.contains(&c.benchmark)).map(|c| format!("{} changed at {} ({})", c.benchmark, c.timestamp, c.verdict.as_str())).collect();
                        if cps.is_empty() { "No change points in the chosen series.".to_string() } else { cps.join("; ") }
                    }</p>
                }
            })}
        </section>
    }
}
