//! One comparison row opened: both runs' distributions overlaid (histograms on shared bins,
//! and a box plot each), the interval of the change against the policy's noise band and
//! limits, and the tests' results.

use benchdash_core::compare::Row;
use benchdash_core::report;
use benchdash_core::stats::descriptive::{bin_edges, box_plot, histogram};
use benchdash_core::thresholds::{Policy, Thresholds};
use leptos::prelude::*;
use plotters::prelude::*;

use super::chart_figure::{level_colour, with_hits, ChartFigure, Hit};

use crate::store::Store;

/// The baseline's colour (blue) and the candidate's (orange): told apart by colour-blind
/// readers too, and always named in the legend and the tooltips.
const BASELINE: RGBColor = RGBColor(0x1f, 0x6f, 0xd1);
const CANDIDATE: RGBColor = RGBColor(0xc2, 0x54, 0x00);

const DIST_WIDTH: u32 = 760;
const DIST_HEIGHT: u32 = 340;
const CHANGE_WIDTH: u32 = 760;
const CHANGE_HEIGHT: u32 = 120;

/// At most this many histogram bins, however many samples.
const MAX_BINS: usize = 60;

/// The samples of `benchmark`'s `metric` in the chosen pair, the candidate's converted into
/// the row's unit; empty where a side has only a summary.
pub fn samples_of(store: &Store, row: &Row) -> (Vec<f64>, Vec<f64>) {
    let Some((b, c)) = store.pair() else {
        return (Vec::new(), Vec::new());
    };
    let samples = |run| {
        row.metric_in(run)
            .map(|m| m.into_owned().samples)
            .unwrap_or_default()
    };
    (samples(&b.run), samples(&c.run))
}

/// Both samples' distributions on one value axis: histogram bars on the pooled samples'
/// bins (numpy's "auto" rule, see core's `bin_edges`), translucent so overlaps show, and a
/// box plot per side beneath. Every bar and box has a tooltip.
pub fn distribution_svg(
    baseline: &[f64],
    candidate: &[f64],
    unit: &str,
    width: u32,
    height: u32,
) -> Result<String, String> {
    let pooled: Vec<f64> = baseline.iter().chain(candidate).copied().collect();
    let edges = bin_edges(&pooled, MAX_BINS);
    if edges.is_empty() {
        return Err("No samples to draw: the files have only summaries.".into());
    }
    let sides = [
        ("baseline", baseline, BASELINE),
        ("candidate", candidate, CANDIDATE),
    ];
    let counts: Vec<Vec<usize>> = sides
        .iter()
        .map(|(_, xs, _)| histogram(xs, &edges))
        .collect();
    let top = counts.iter().flatten().copied().max().unwrap_or(1).max(1);
    let (first, last) = (edges[0], edges[edges.len() - 1]);
    let pad = (last - first) * 0.03;
    let x_range = (first - pad)..(last + pad);
    let mut svg = String::new();
    let mut hits = Vec::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        root.fill(&WHITE).map_err(|e| e.to_string())?;
        let (upper, lower) = root.split_vertically(height * 7 / 10);
        let mut bars = ChartBuilder::on(&upper)
            .margin(10)
            .x_label_area_size(0)
            .y_label_area_size(60)
            .build_cartesian_2d(x_range.clone(), 0f64..top as f64 * 1.1)
            .map_err(|e| e.to_string())?;
        bars.configure_mesh()
            .disable_x_mesh()
            .y_desc("samples")
            .y_label_formatter(&|y| report::number(*y))
            .draw()
            .map_err(|e| e.to_string())?;
        for ((name, _, colour), counts) in sides.iter().zip(&counts) {
            let colour = *colour;
            bars.draw_series(
                counts
                    .iter()
                    .enumerate()
                    .filter(|(_, &c)| c > 0)
                    .map(|(i, &c)| {
                        Rectangle::new(
                            [(edges[i], 0.0), (edges[i + 1], c as f64)],
                            colour.mix(0.45).filled(),
                        )
                    }),
            )
            .map_err(|e| e.to_string())?
            .label(*name)
            .legend(move |(x, y)| Rectangle::new([(x, y - 5), (x + 12, y + 5)], colour.filled()));
            for (i, &c) in counts.iter().enumerate().filter(|(_, &c)| c > 0) {
                let (x, y) = bars.backend_coord(&((edges[i] + edges[i + 1]) / 2.0, c as f64));
                let close = if i + 2 == edges.len() { "]" } else { ")" };
                hits.push(Hit {
                    x,
                    y,
                    tip: format!(
                        "{name}: {c} samples in [{}, {}{close} {unit}",
                        report::number(edges[i]),
                        report::number(edges[i + 1])
                    ),
                });
            }
        }
        bars.configure_series_labels()
            .background_style(WHITE.mix(0.85))
            .border_style(BLACK.mix(0.3))
            .position(SeriesLabelPosition::UpperRight)
            .draw()
            .map_err(|e| e.to_string())?;
        let mut boxes = ChartBuilder::on(&lower)
            .margin(10)
            .margin_top(0)
            .x_label_area_size(30)
            .y_label_area_size(60)
            .build_cartesian_2d(x_range, 0f64..2f64)
            .map_err(|e| e.to_string())?;
        boxes
            .configure_mesh()
            .disable_y_mesh()
            .y_labels(0)
            .x_desc(unit)
            .x_label_formatter(&|x| report::number(*x))
            .draw()
            .map_err(|e| e.to_string())?;
        for (row, (name, xs, colour)) in sides.iter().enumerate() {
            let Some([low, q1, med, q3, high]) = box_plot(xs) else {
                continue;
            };
            // The baseline on top, like the legend.
            let y = 1.5 - row as f64;
            let style = colour.stroke_width(2);
            boxes
                .draw_series([
                    PathElement::new(vec![(low, y), (q1, y)], style),
                    PathElement::new(vec![(q3, y), (high, y)], style),
                    PathElement::new(vec![(low, y - 0.15), (low, y + 0.15)], style),
                    PathElement::new(vec![(high, y - 0.15), (high, y + 0.15)], style),
                    PathElement::new(vec![(med, y - 0.3), (med, y + 0.3)], colour.stroke_width(3)),
                ])
                .map_err(|e| e.to_string())?;
            boxes
                .draw_series(std::iter::once(Rectangle::new(
                    [(q1, y - 0.3), (q3, y + 0.3)],
                    colour.mix(0.25).filled(),
                )))
                .map_err(|e| e.to_string())?;
            boxes
                .draw_series(std::iter::once(Rectangle::new(
                    [(q1, y - 0.3), (q3, y + 0.3)],
                    style,
                )))
                .map_err(|e| e.to_string())?;
            boxes
                .draw_series(std::iter::once(Text::new(
                    *name,
                    (low, y + 0.55),
                    ("sans-serif", 12).into_font().color(colour),
                )))
                .map_err(|e| e.to_string())?;
            let (x, y) = boxes.backend_coord(&(med, y));
            hits.push(Hit {
                x,
                y,
                tip: format!(
                    "{name}: median {} {unit}, quartiles {} – {}, whiskers {} – {} ({} samples)",
                    report::number(med),
                    report::number(q1),
                    report::number(q3),
                    report::number(low),
                    report::number(high),
                    xs.len()
                ),
            });
        }
        root.present().map_err(|e| e.to_string())?;
    }
    Ok(with_hits(svg, &hits))
}

/// The relative change on one axis: the policy's noise band around zero, its warn and fail
/// lines on the side that is worse, and the change with its confidence interval.
pub fn change_svg(row: &Row, policy: &Policy, width: u32, height: u32) -> Result<String, String> {
    let change = row.change.ok_or("No change: a side has no value.")?;
    let bad = row.better.worse();
    let (warn, fail) = (policy.warn * bad, policy.fail * bad);
    let ci = row.ci.unwrap_or([change, change]);
    let reach = [
        change,
        ci[0],
        ci[1],
        warn,
        fail,
        policy.noise,
        -policy.noise,
    ]
    .iter()
    .fold(0f64, |m, v| m.max(v.abs()))
        * 1.15;
    let mut svg = String::new();
    let mut hits = Vec::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        root.fill(&WHITE).map_err(|e| e.to_string())?;
        let mut chart = ChartBuilder::on(&root)
            .margin(10)
            .x_label_area_size(30)
            .y_label_area_size(10)
            .build_cartesian_2d(-reach..reach, 0f64..1f64)
            .map_err(|e| e.to_string())?;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .y_labels(0)
            .x_desc("change")
            .x_label_formatter(&|x| {
                // An axis label at zero may come out as −0.0 from the mesh's arithmetic.
                if x.abs() < 1e-9 {
                    "0%".to_string()
                } else {
                    report::change(*x)
                }
            })
            .draw()
            .map_err(|e| e.to_string())?;
        let grey = RGBColor(0x80, 0x80, 0x80);
        chart
            .draw_series(std::iter::once(Rectangle::new(
                [(-policy.noise, 0.0), (policy.noise, 1.0)],
                grey.mix(0.2).filled(),
            )))
            .map_err(|e| e.to_string())?;
        for (x, label, colour) in [
            (0.0, String::new(), grey),
            (
                warn,
                format!("warn {}", report::change(warn)),
                level_colour("warn"),
            ),
            (
                fail,
                format!("fail {}", report::change(fail)),
                level_colour("fail"),
            ),
        ] {
            chart
                .draw_series(DashedLineSeries::new(
                    vec![(x, 0.0), (x, 1.0)],
                    5,
                    3,
                    colour.stroke_width(1),
                ))
                .map_err(|e| e.to_string())?;
            chart
                .draw_series(std::iter::once(Text::new(
                    label,
                    (x, 0.95),
                    ("sans-serif", 12).into_font().color(&colour),
                )))
                .map_err(|e| e.to_string())?;
        }
        let colour = if row.ci.is_some() { CANDIDATE } else { grey };
        chart
            .draw_series([
                PathElement::new(vec![(ci[0], 0.5), (ci[1], 0.5)], colour.stroke_width(3)),
                PathElement::new(vec![(ci[0], 0.38), (ci[0], 0.62)], colour.stroke_width(2)),
                PathElement::new(vec![(ci[1], 0.38), (ci[1], 0.62)], colour.stroke_width(2)),
            ])
            .map_err(|e| e.to_string())?;
        chart
            .draw_series(std::iter::once(Circle::new(
                (change, 0.5),
                5,
                colour.filled(),
            )))
            .map_err(|e| e.to_string())?;
        let (x, y) = chart.backend_coord(&(change, 0.5));
        hits.push(Hit {
            x,
            y,
            tip: match row.ci {
                Some(ci) => format!(
                    "change {} ({:.0}% CI {})",
                    report::change(change),
                    policy.confidence * 100.0,
                    report::interval(ci)
                ),
                None => format!(
                    "change {} (no interval: no samples)",
                    report::change(change)
                ),
            },
        });
        root.present().map_err(|e| e.to_string())?;
    }
    Ok(with_hits(svg, &hits))
}

/// The opened row: its charts and numbers, with a close button.
#[component]
pub fn RowDetail(
    store: RwSignal<Store>,
    thresholds: Memo<Thresholds>,
    row: Row,
    on_close: Callback<()>,
) -> impl IntoView {
    let policy = thresholds.with_untracked(|t| t.policy_for(&row.benchmark, &row.metric));
    let (baseline, candidate) = store.with_untracked(|s| samples_of(s, &row));
    let unit = row.unit.clone();
    let dist = distribution_svg(&baseline, &candidate, &unit, DIST_WIDTH, DIST_HEIGHT);
    let change = change_svg(&row, &policy, CHANGE_WIDTH, CHANGE_HEIGHT);
    let test = report::describe_test(row.test);
    let title = format!("{} · {}", row.benchmark, row.metric);
    view! {
        <section class="row-detail" id="row-detail" aria-label=format!("Detail of {title}")>
            <div class="row-detail-head">
                <h3>{title.clone()}</h3>
                <span class=format!("verdict {}", row.verdict.as_str())>{row.verdict.as_str()}</span>
                <span class=format!("status {}", row.status.as_str())>{row.status.as_str()}</span>
                <button class="row-close" aria-label="Close the detail" on:click=move |_| on_close.run(())>"close"</button>
            </div>
            <dl class="row-facts">
                <dt>{format!("baseline {}", row.stat)}</dt><dd>{format!("{} {unit} (n = {})", report::maybe(row.baseline), row.n_baseline.map_or("–".into(), |n| n.to_string()))}</dd>
                <dt>{format!("candidate {}", row.stat)}</dt><dd>{format!("{} {unit} (n = {})", report::maybe(row.candidate), row.n_candidate.map_or("–".into(), |n| n.to_string()))}</dd>
                <dt>"change"</dt><dd>{row.change.map(report::change).unwrap_or_else(|| "–".into())}</dd>
                <dt>{format!("{:.0}% interval", policy.confidence * 100.0)}</dt><dd class="row-ci">{row.ci.map(report::interval).unwrap_or_else(|| "– (no samples)".into())}</dd>
                <dt>"test"</dt><dd class="row-test">{format!("{test}: p = {}", report::maybe(row.p_value))}</dd>
                <dt>"Mann-Whitney U"</dt><dd>{format!("p = {}", report::maybe(row.mann_whitney_p))}</dd>
                <dt>"policy"</dt><dd>{format!("noise ±{}, warn {}, fail {}, significance {}", report::change(policy.noise).trim_start_matches('+'), report::change(policy.warn), report::change(policy.fail), policy.significance)}</dd>
                <dt>"why"</dt><dd>{if row.reasons.is_empty() { "–".to_string() } else { report::reasons(&row.reasons) }}</dd>
            </dl>
            <ChartFigure svg=Signal::derive(move || dist.clone()) id="detail-distribution" label="distributions of the baseline and the candidate" name="distributions" width=DIST_WIDTH height=DIST_HEIGHT />
            <ChartFigure svg=Signal::derive(move || change.clone()) id="detail-change" label="the change and its interval against the policy" name="change" width=CHANGE_WIDTH height=CHANGE_HEIGHT />
        </section>
    }
}
