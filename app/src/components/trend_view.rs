use std::collections::{BTreeSet, HashMap};

use benchdash_core::report;
use benchdash_core::thresholds::{Bound, Thresholds};
use benchdash_core::trend::{analyze_with, Options, Trend};
use leptos::prelude::*;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::chart_figure::{level_colour, with_hits, ChartFigure, Hit};

use crate::store::Store;

/// Draws the chosen series of a trend as SVG with plotters: one line per benchmark, points
/// for runs, a band for each point's confidence interval where known, dashed verticals at
/// change points, and the threshold limits on the plotted stat as labelled horizontal lines.
/// Each point gets a hit circle for the tooltip (run name, time, value). The same drawing
/// serves the page and the SVG and PNG exports.
pub fn chart_svg(
    trend: &Trend,
    chosen: &BTreeSet<String>,
    thresholds: &Thresholds,
    width: u32,
    height: u32,
) -> Result<String, String> {
    let series: Vec<_> = trend
        .series
        .iter()
        .filter(|s| chosen.contains(&s.benchmark))
        .collect();
    let mut bounds: Vec<Bound> = Vec::new();
    for s in &series {
        for b in thresholds.bounds_for(&s.benchmark, &s.metric, s.stat, &s.unit) {
            if !bounds.contains(&b) {
                bounds.push(b);
            }
        }
    }
    let run_index: HashMap<&str, f64> = trend
        .runs
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id.as_str(), i as f64))
        .collect();
    let index_of = |run_id: &str| run_index.get(run_id).copied().unwrap_or(0.0);
    let mut svg = String::new();
    let mut hits = Vec::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        root.fill(&WHITE).map_err(|e| e.to_string())?;
        // The y range holds every value, interval end and limit line.
        let values = series.iter().flat_map(|s| {
            s.points
                .iter()
                .flat_map(|p| std::iter::once(p.value).chain(p.ci.into_iter().flatten()))
        });
        let (lo, hi) = values
            .chain(bounds.iter().map(|b| b.value))
            .filter(|v| v.is_finite())
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
                (lo.min(v), hi.max(v))
            });
        let (lo, hi) = if lo.is_finite() { (lo, hi) } else { (0.0, 1.0) };
        let pad = if hi > lo {
            (hi - lo) * 0.1
        } else {
            lo.abs().max(1.0) * 0.1
        };
        let runs = trend.runs.len().max(2);
        let x_end = (runs - 1) as f64 + 0.3;
        let unit = series.first().map(|s| s.unit.clone()).unwrap_or_default();
        let mut chart = ChartBuilder::on(&root)
            .margin(12)
            .x_label_area_size(36)
            .y_label_area_size(70)
            .build_cartesian_2d(-0.3f64..x_end, (lo - pad)..(hi + pad))
            .map_err(|e| e.to_string())?;
        let names: Vec<String> = trend.runs.iter().map(|r| r.name.clone()).collect();
        chart
            .configure_mesh()
            // Bold grid lines only: the fine ones are most of the drawing's bytes and little
            // of its meaning.
            .max_light_lines(0)
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
            .y_label_formatter(&|y| report::number(*y))
            .y_desc(unit.clone())
            .draw()
            .map_err(|e| e.to_string())?;
        for b in &bounds {
            let colour = level_colour(b.level);
            chart
                .draw_series(DashedLineSeries::new(
                    vec![(-0.3, b.value), (x_end, b.value)],
                    8,
                    4,
                    colour.stroke_width(2),
                ))
                .map_err(|e| e.to_string())?;
            chart
                .draw_series(std::iter::once(Text::new(
                    b.label.clone(),
                    (x_end - 0.05, b.value),
                    ("sans-serif", 13)
                        .into_font()
                        .color(&colour)
                        .pos(Pos::new(HPos::Right, VPos::Bottom)),
                )))
                .map_err(|e| e.to_string())?;
        }
        for (i, s) in series.iter().enumerate() {
            let colour = Palette99::pick(i).to_rgba();
            let points: Vec<(f64, f64)> = s
                .points
                .iter()
                .map(|p| (index_of(&p.run_id), p.value))
                .collect();
            // A band over each stretch of consecutive points that have an interval.
            for stretch in s.points.split(|p| p.ci.is_none()).filter(|s| !s.is_empty()) {
                let upper = stretch
                    .iter()
                    .map(|p| (index_of(&p.run_id), p.ci.unwrap()[1]));
                let lower = stretch
                    .iter()
                    .rev()
                    .map(|p| (index_of(&p.run_id), p.ci.unwrap()[0]));
                let outline: Vec<(f64, f64)> = if stretch.len() == 1 {
                    // One point: a narrow bar instead of a zero-width band.
                    let (x, [l, u]) = (index_of(&stretch[0].run_id), stretch[0].ci.unwrap());
                    vec![(x - 0.08, u), (x + 0.08, u), (x + 0.08, l), (x - 0.08, l)]
                } else {
                    upper.chain(lower).collect()
                };
                chart
                    .draw_series(std::iter::once(Polygon::new(
                        outline,
                        colour.mix(0.18).filled(),
                    )))
                    .map_err(|e| e.to_string())?;
            }
            chart
                .draw_series(LineSeries::new(points.clone(), colour.stroke_width(2)))
                .map_err(|e| e.to_string())?
                .label(s.benchmark.clone())
                .legend(move |(x, y)| {
                    PathElement::new(vec![(x, y), (x + 16, y)], colour.stroke_width(2))
                });
            // A dot per run while they can be told apart; a long history is a line (the
            // tooltips still find every run).
            if points.len() <= DOTS_UP_TO {
                chart
                    .draw_series(
                        points
                            .iter()
                            .map(|&(x, y)| Circle::new((x, y), 3, colour.filled())),
                    )
                    .map_err(|e| e.to_string())?;
            }
            for (p, &(x, y)) in s.points.iter().zip(&points) {
                let (px, py) = chart.backend_coord(&(x, y));
                let ci = p
                    .ci
                    .map(|[l, u]| format!(" (CI {} – {})", report::number(l), report::number(u)))
                    .unwrap_or_default();
                hits.push(Hit {
                    x: px,
                    y: py,
                    tip: format!(
                        "{} · {}\n{} {} {}{ci}\n{}",
                        p.run_name,
                        s.benchmark,
                        s.stat,
                        report::number(p.value),
                        s.unit,
                        p.timestamp
                    ),
                });
            }
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
    Ok(with_hits(svg, &hits))
}

/// Series with at most this many runs get a dot per run.
const DOTS_UP_TO: usize = 60;

/// Histories with at most this many shown points list their values at once.
const TABLE_AT_ONCE: usize = 100;

const CHART_WIDTH: u32 = 900;
const CHART_HEIGHT: u32 = 420;

/// A metric across every loaded run in timestamp order: one line per chosen benchmark, change
/// points marked, with the values in a table beneath (the chart's text alternative).
#[component]
pub fn TrendView(
    store: RwSignal<Store>,
    thresholds: Memo<Thresholds>,
    focus: super::TrendFocus,
) -> impl IntoView {
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
    let super::TrendFocus { metric, chosen } = focus;
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
            // Every series is searched, as `benchdash trend` does: the false discoveries are
            // controlled across all of them, and each series' policy noise is its smallest
            // change point, so the chart marks what the CLI reports.
            let options = Options {
                metric: Some(m),
                ..Options::default()
            };
            thresholds.with(|t| analyze_with(&runs, &options, t).map_err(|e| e.to_string()))
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
    // With nothing chosen, the first few benchmarks are shown. A memo: the chart, the change
    // point search and the lists all read it.
    let shown = Memo::new(move |_| {
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
    });
    // The values table: `None` until the reader chooses, then their choice.
    let table_open = RwSignal::new(None::<bool>);
    // The chosen series' change points.
    let searched = Memo::new(move |_| {
        trend.get().map(|mut t| {
            let on = shown.get();
            t.change_points.retain(|c| on.contains(&c.benchmark));
            t
        })
    });
    let svg = Signal::derive(move || match searched.get() {
        Ok(t) => thresholds.with(|th| chart_svg(&t, &shown.get(), th, CHART_WIDTH, CHART_HEIGHT)),
        Err(e) => Err(e),
    });
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
            </div>
            <div class="trend-layout">
                <ul class="trend-benchmarks">
                    {move || {
                        let on = shown.get();
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
                <ChartFigure svg=svg id="trend-chart" label="trend chart" name="trend" width=CHART_WIDTH height=CHART_HEIGHT />
            </div>
            {move || searched.get().ok().map(|t| {
                let on = shown.get();
                let cps: Vec<String> = t.change_points.iter().filter(|c| on.contains(&c.benchmark)).map(|c| format!("{} changed at {} ({})", c.benchmark, c.timestamp, c.verdict.as_str())).collect();
                let points: usize = t.series.iter().filter(|s| on.contains(&s.benchmark)).map(|s| s.points.len()).sum();
                // A short history's values show at once; a long one's on request (a thousand
                // table rows cost more to lay out than the chart).
                let open = move || table_open.get().unwrap_or(points <= TABLE_AT_ONCE);
                view! {
                    <p class="change-points" id="change-points">{
                        if cps.is_empty() { "No change points in the chosen series.".to_string() } else { cps.join("; ") }
                    }</p>
                    <button class="table-toggle" aria-expanded=move || open().to_string() on:click=move |_| table_open.set(Some(!open()))>
                        {move || if open() { format!("hide the values ({points})") } else { format!("show the values as a table ({points})") }}
                    </button>
                    {move || open().then(|| view! {
                        <table class="trend-table">
                            <thead><tr><th>"benchmark"</th><th>"run"</th><th>"time"</th><th class="num">"value"</th></tr></thead>
                            <tbody>
                                {t.series.iter().filter(|s| on.contains(&s.benchmark)).flat_map(|s| s.points.iter().map(move |p| view! {
                                    <tr class="trend-row"><td>{s.benchmark.clone()}</td><td>{p.run_name.clone()}</td><td>{p.timestamp.clone()}</td><td class="num">{format!("{} {}", report::number(p.value), s.unit)}</td></tr>
                                })).collect_view()}
                            </tbody>
                        </table>
                    })}
                }
            })}
        </section>
    }
}
