//! The Timeline view: how one benchmark of one run behaved over time (docs/format.md,
//! "Timelines"), as a stack of charts on one time axis: rates, percentiles, ratios, levels and
//! counts, one chart per kind of series, and a band per state series (a circuit breaker's
//! closed, half-open and open). The pattern's phases and outages are shaded, each recovery is
//! a dashed line where the benchmark was back, and a pointer over any chart names the window
//! and its values.
//!
//! The charts share their left margin and width, so a time is at the same x in every one of
//! them. What the series mean, their kinds and the phases are core's
//! ([`benchdash_core::timeline`]); this module only draws them.

use benchdash_core::export::timeline_csv;
use benchdash_core::report;
use benchdash_core::timeline::{Kind, Series, Timeline, NOT_RECOVERED_PHASE, RECOVERY_PHASE};
use leptos::prelude::*;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::chart_figure::{with_columns, ChartFigure, Column};

use crate::browser::download;
use crate::store::Store;

/// Every chart's width, and the parts of it every chart shares so that their time axes line
/// up: the margin and the room for the y labels.
pub const WIDTH: u32 = 900;
const MARGIN: u32 = 12;
const Y_LABELS: u32 = 70;
const X_LABELS: u32 = 28;
const CAPTION: u32 = 20;
/// A chart of numbers' height.
pub const PANEL_HEIGHT: u32 = 190;
/// A state band's height, per series.
const STATE_ROW: u32 = 30;

/// At most this many hover columns a chart; longer timelines give a column several windows.
const COLUMNS: usize = 400;
/// Phase and recovery labels are written on the top chart only while they are this few; more
/// would be written over each other (the text above the charts still counts them).
const LABELS_UP_TO: usize = 6;

/// The charts' order, top to bottom.
const KIND_ORDER: [Kind; 6] = [
    Kind::Rate,
    Kind::Quantile,
    Kind::Ratio,
    Kind::Level,
    Kind::Count,
    Kind::State,
];

/// The colours of states, best first: green, amber, red (the page's status colours).
const GOOD: RGBColor = RGBColor(0x2e, 0x7d, 0x32);
const MIDDLE: RGBColor = RGBColor(0xb3, 0x6b, 0x00);
const BAD: RGBColor = RGBColor(0xc6, 0x2f, 0x2f);

/// One chart of the stack: the series of one kind and one unit.
#[derive(Debug, Clone, PartialEq)]
pub struct Panel {
    pub kind: Kind,
    pub unit: String,
    pub names: Vec<String>,
    /// The chart's element id (`timeline-rate`, `timeline-state`, …; a second unit of a kind
    /// gets `-2`).
    pub id: String,
}

impl Panel {
    /// The chart's caption.
    pub fn title(&self) -> String {
        let (_, unit) = shown_unit(self.kind, &self.unit);
        match self.kind {
            Kind::Rate => format!("Rates ({unit})"),
            Kind::Quantile => format!("Percentiles ({unit})"),
            Kind::Ratio => format!("Fractions ({unit})"),
            Kind::Level => format!("Levels, the window's mean ({unit})"),
            Kind::Count => format!("Counts per window ({unit})"),
            Kind::State => "States".to_string(),
        }
    }

    pub fn height(&self) -> u32 {
        match self.kind {
            Kind::State => {
                MARGIN * 2 + CAPTION + X_LABELS + 12 + STATE_ROW * self.names.len() as u32
            }
            _ => PANEL_HEIGHT,
        }
    }
}

/// How a unit is shown: a ratio as a percentage (the factor to multiply by, and the unit).
fn shown_unit(kind: Kind, unit: &str) -> (f64, String) {
    if kind == Kind::Ratio && unit == "ratio" {
        (100.0, "%".to_string())
    } else {
        (1.0, unit.to_string())
    }
}

fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Rate => "rate",
        Kind::Quantile => "quantile",
        Kind::Ratio => "ratio",
        Kind::Level => "level",
        Kind::Count => "count",
        Kind::State => "state",
    }
}

/// The timeline's charts: its series grouped by kind and unit, in [`KIND_ORDER`]; the state
/// series share one chart whatever their states.
pub fn panels(tl: &Timeline) -> Vec<Panel> {
    let mut panels: Vec<Panel> = Vec::new();
    for kind in KIND_ORDER {
        let mut of_kind: Vec<Panel> = Vec::new();
        for (name, series) in tl.series.iter().filter(|(_, s)| s.kind() == kind) {
            let unit = if kind == Kind::State {
                String::new()
            } else {
                series.unit.clone()
            };
            match of_kind.iter_mut().find(|p| p.unit == unit) {
                Some(p) => p.names.push(name.clone()),
                None => {
                    let n = of_kind.len();
                    of_kind.push(Panel {
                        kind,
                        unit,
                        names: vec![name.clone()],
                        id: if n == 0 {
                            format!("timeline-{}", kind_name(kind))
                        } else {
                            format!("timeline-{}-{}", kind_name(kind), n + 1)
                        },
                    });
                }
            }
        }
        panels.extend(of_kind);
    }
    panels
}

/// What every chart marks: the shaded phases, the recoveries and the run's end, in seconds.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Marks {
    pub end: f64,
    pub window: f64,
    /// Pattern phases and outages: (from, to, label).
    pub shaded: Vec<(f64, f64, String)>,
    /// Each recovery: from the disturbance's end to where the benchmark was back.
    pub recoveries: Vec<(f64, f64)>,
    /// Where each disturbance the benchmark never came back from ended.
    pub not_recovered: Vec<f64>,
}

impl Marks {
    /// The span of windows `i .. i + n`, in seconds; the last window ends with the run.
    fn span(&self, i: usize, n: usize) -> (f64, f64) {
        let to = self.window * (i + n) as f64;
        (self.window * i as f64, to.min(self.end))
    }

    /// The marks of `tl`; `None` when its window is not a duration (core's check refuses
    /// those, so a loaded run never has one).
    pub fn of(tl: &Timeline) -> Option<Marks> {
        let window = tl.window_seconds()?;
        let mut marks = Marks {
            // The run's end: the last window's, or earlier when the run cut it short.
            end: tl.end_seconds().unwrap_or(window * tl.len().max(1) as f64),
            window,
            ..Marks::default()
        };
        for phase in &tl.phases {
            let Some((from, to)) = phase.seconds() else {
                continue;
            };
            match phase.label.as_str() {
                RECOVERY_PHASE => marks.recoveries.push((from, to)),
                NOT_RECOVERED_PHASE => marks.not_recovered.push(from),
                // The state chart shows a breaker's spans; shading them too would hide the
                // outage they answer.
                label if label.starts_with("breaker ") => {}
                label => marks.shaded.push((from, to, label.to_string())),
            }
        }
        Some(marks)
    }

    /// One line on the recoveries, for the text above the charts.
    pub fn recovery_summary(&self) -> Option<String> {
        if self.recoveries.is_empty() && self.not_recovered.is_empty() {
            return None;
        }
        let longest = self
            .recoveries
            .iter()
            .map(|(from, to)| to - from)
            .fold(0.0, f64::max);
        let mut parts = Vec::new();
        match self.recoveries.len() {
            0 => {}
            1 => parts.push(format!("recovered after {}", seconds(longest))),
            n => parts.push(format!(
                "recovered after each of {n} disturbances, within {} at most",
                seconds(longest)
            )),
        }
        for from in &self.not_recovered {
            parts.push(format!(
                "not recovered from the disturbance that ended at {}",
                seconds(*from)
            ));
        }
        let mut text = parts.join("; ");
        if let Some(first) = text.get(..1) {
            text = first.to_uppercase() + &text[1..];
        }
        Some(format!(
            "{text} (back within the band of the level before: p95 latency, error rate and queue depth)."
        ))
    }
}

fn seconds(s: f64) -> String {
    format!("{} s", report::number(s))
}

/// The label of the window range `[from, to)`.
fn window_label(from: f64, to: f64) -> String {
    format!("{} – {}", seconds(from), seconds(to))
}

/// What the pointer says over windows `i .. i + n` of `panel`: the time, the phases it falls
/// in, and each series' value.
fn column_tip(tl: &Timeline, panel: &Panel, marks: &Marks, i: usize, n: usize) -> String {
    let (from, to) = marks.span(i, n);
    let mut lines = vec![window_label(from, to)];
    let inside: Vec<&str> = marks
        .shaded
        .iter()
        .filter(|(a, b, _)| *a < to && *b > from)
        .map(|(_, _, l)| l.as_str())
        .collect();
    if !inside.is_empty() {
        lines.push(inside.join(", "));
    }
    let (factor, unit) = shown_unit(panel.kind, &panel.unit);
    for name in &panel.names {
        let Some(series) = tl.get(name) else { continue };
        let value = if panel.kind == Kind::State {
            tl.merged(series, i, n)
                .and_then(|v| series.states.get(v as usize))
                .cloned()
                .unwrap_or_else(|| "no data".into())
        } else {
            tl.merged(series, i, n)
                .map(|v| format!("{} {unit}", report::number(v * factor)))
                .unwrap_or_else(|| "no data".into())
        };
        lines.push(format!("{name}: {value}"));
    }
    lines.join("\n")
}

/// The hover columns of a chart, from a function that maps a time to a pixel's x.
fn columns(tl: &Timeline, panel: &Panel, marks: &Marks, x_of: impl Fn(f64) -> i32) -> Vec<Column> {
    let len = tl.len();
    let step = len.div_ceil(COLUMNS).max(1);
    (0..len)
        .step_by(step)
        .map(|i| {
            let (from, to) = marks.span(i, step);
            let (x0, x1) = (x_of(from), x_of(to));
            Column {
                x: x0,
                width: x1 - x0,
                tip: column_tip(tl, panel, marks, i, step),
            }
        })
        .collect()
}

/// The stretches of a series that have values, drawn as steps: each window's value held over
/// its span, (start, value) to (end, value), since it is the window's rate, level or
/// percentile, not a reading at one instant. The last window ends with the run (`marks.end`),
/// so one cut short is as narrow as the time it lasted.
fn stretches(series: &Series, marks: &Marks, factor: f64) -> Vec<Vec<(f64, f64)>> {
    let mut out: Vec<Vec<(f64, f64)>> = Vec::new();
    let mut current = Vec::new();
    for (i, v) in series.values.iter().enumerate() {
        let (from, to) = marks.span(i, 1);
        match v {
            Some(v) if v.is_finite() => {
                current.push((from, v * factor));
                current.push((to, v * factor));
            }
            _ => {
                if !current.is_empty() {
                    out.push(std::mem::take(&mut current));
                }
            }
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

fn err(e: impl std::fmt::Display) -> String {
    e.to_string()
}

/// Draws one chart of numbers: a line per series, the shaded phases, the recoveries as dashed
/// lines (labelled on the `top` chart while they are few), and the hover columns.
pub fn panel_svg(tl: &Timeline, panel: &Panel, marks: &Marks, top: bool) -> Result<String, String> {
    if panel.kind == Kind::State {
        return states_svg(tl, panel, marks);
    }
    let (factor, unit) = shown_unit(panel.kind, &panel.unit);
    let max = panel
        .names
        .iter()
        .filter_map(|n| tl.get(n))
        .flat_map(|s| s.values.iter().flatten())
        .filter(|v| v.is_finite())
        .fold(0.0f64, |m, v| m.max(v * factor));
    let hi = if max > 0.0 { max * 1.15 } else { 1.0 };
    let height = panel.height();
    let mut svg = String::new();
    let hits;
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, height)).into_drawing_area();
        root.fill(&WHITE).map_err(err)?;
        let mut chart = ChartBuilder::on(&root)
            .margin(MARGIN)
            .caption(panel.title(), ("sans-serif", 17))
            .x_label_area_size(X_LABELS)
            .y_label_area_size(Y_LABELS)
            .build_cartesian_2d(0f64..marks.end, 0f64..hi)
            .map_err(err)?;
        chart
            .configure_mesh()
            .max_light_lines(0)
            .label_style(("sans-serif", 14))
            .x_labels(10)
            .y_labels(4)
            .x_label_formatter(&|x| format!("{} s", report::number(*x)))
            .y_label_formatter(&|y| report::number(*y))
            .y_desc(unit.clone())
            .draw()
            .map_err(err)?;
        shade(&mut chart, marks, hi, top)?;
        for (i, name) in panel.names.iter().enumerate() {
            let Some(series) = tl.get(name) else { continue };
            let colour = Palette99::pick(i).to_rgba();
            let mut labelled = false;
            for stretch in stretches(series, marks, factor) {
                if let [(from, v), (to, _)] = stretch[..] {
                    // A lone window: a dot at its middle as well as its step, which is a
                    // pixel wide on a long timeline.
                    let middle = ((from + to) / 2.0, v);
                    chart
                        .draw_series(std::iter::once(Circle::new(middle, 2, colour.filled())))
                        .map_err(err)?;
                }
                let drawn = chart
                    .draw_series(LineSeries::new(stretch, colour.stroke_width(2)))
                    .map_err(err)?;
                if !labelled {
                    labelled = true;
                    drawn.label(name.clone()).legend(move |(x, y)| {
                        PathElement::new(vec![(x, y), (x + 16, y)], colour.stroke_width(2))
                    });
                }
            }
        }
        recoveries(&mut chart, marks, hi, top)?;
        chart
            .configure_series_labels()
            .background_style(WHITE.mix(0.85))
            .border_style(BLACK.mix(0.3))
            .position(SeriesLabelPosition::UpperRight)
            .draw()
            .map_err(err)?;
        let (_, y_top) = chart.backend_coord(&(0.0, hi));
        let (_, y_bottom) = chart.backend_coord(&(0.0, 0.0));
        hits = (
            y_top,
            y_bottom,
            columns(tl, panel, marks, |t| chart.backend_coord(&(t, 0.0)).0),
        );
        root.present().map_err(err)?;
    }
    Ok(with_columns(svg, hits.0, hits.1, &hits.2))
}

type Chart<'a, 'b> = ChartContext<
    'a,
    SVGBackend<'b>,
    Cartesian2d<plotters::coord::types::RangedCoordf64, plotters::coord::types::RangedCoordf64>,
>;

/// The phases' grey spans, labelled on the top chart while they are few.
fn shade(chart: &mut Chart, marks: &Marks, hi: f64, top: bool) -> Result<(), String> {
    chart
        .draw_series(marks.shaded.iter().map(|(from, to, _)| {
            Rectangle::new([(*from, 0.0), (*to, hi)], BLACK.mix(0.08).filled())
        }))
        .map_err(err)?;
    if top && marks.shaded.len() <= LABELS_UP_TO {
        chart
            .draw_series(marks.shaded.iter().map(|(from, _, label)| {
                Text::new(
                    label.clone(),
                    (*from, hi),
                    ("sans-serif", 15)
                        .into_font()
                        .color(&BLACK.mix(0.7))
                        .pos(Pos::new(HPos::Left, VPos::Top)),
                )
            }))
            .map_err(err)?;
    }
    Ok(())
}

/// A dashed line where the benchmark was back (green) or where it never came back from (red).
fn recoveries(chart: &mut Chart, marks: &Marks, hi: f64, top: bool) -> Result<(), String> {
    for &(from, to) in &marks.recoveries {
        chart
            .draw_series(DashedLineSeries::new(
                vec![(to, 0.0), (to, hi)],
                6,
                4,
                GOOD.stroke_width(2),
            ))
            .map_err(err)?;
        if top && marks.recoveries.len() <= LABELS_UP_TO {
            chart
                .draw_series(std::iter::once(Text::new(
                    format!("back after {}", seconds(to - from)),
                    (to, hi * 0.82),
                    ("sans-serif", 15)
                        .into_font()
                        .color(&GOOD)
                        .pos(Pos::new(HPos::Left, VPos::Top)),
                )))
                .map_err(err)?;
        }
    }
    for &from in &marks.not_recovered {
        chart
            .draw_series(DashedLineSeries::new(
                vec![(from, 0.0), (from, hi)],
                6,
                4,
                BAD.stroke_width(2),
            ))
            .map_err(err)?;
        if top {
            chart
                .draw_series(std::iter::once(Text::new(
                    "not recovered".to_string(),
                    (from, hi * 0.82),
                    ("sans-serif", 15)
                        .into_font()
                        .color(&BAD)
                        .pos(Pos::new(HPos::Left, VPos::Top)),
                )))
                .map_err(err)?;
        }
    }
    Ok(())
}

/// A state's colour: the best state green, the worst red, any between amber.
pub fn state_colour(index: usize, states: usize) -> RGBColor {
    if index == 0 {
        GOOD
    } else if index + 1 >= states {
        BAD
    } else {
        MIDDLE
    }
}

/// Draws the state series as bands, one row each, coloured by state, with the hover columns.
fn states_svg(tl: &Timeline, panel: &Panel, marks: &Marks) -> Result<String, String> {
    let rows = panel.names.len().max(1) as f64;
    let mut svg = String::new();
    let hits;
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, panel.height())).into_drawing_area();
        root.fill(&WHITE).map_err(err)?;
        let mut chart = ChartBuilder::on(&root)
            .margin(MARGIN)
            .caption(panel.title(), ("sans-serif", 17))
            .x_label_area_size(X_LABELS)
            .y_label_area_size(Y_LABELS)
            .build_cartesian_2d(0f64..marks.end, 0f64..rows)
            .map_err(err)?;
        chart
            .configure_mesh()
            .max_light_lines(0)
            .label_style(("sans-serif", 14))
            .disable_y_mesh()
            .y_labels(0)
            .x_labels(10)
            .x_label_formatter(&|x| format!("{} s", report::number(*x)))
            .draw()
            .map_err(err)?;
        for (row, name) in panel.names.iter().enumerate() {
            let Some(series) = tl.get(name) else { continue };
            // Rows from the top: the first series is the top band.
            let (lo, hi) = (rows - row as f64 - 0.85, rows - row as f64 - 0.15);
            let mut bands: Vec<(usize, usize, usize)> = Vec::new();
            for (i, v) in series.values.iter().enumerate() {
                let Some(state) = v.map(|v| v as usize) else {
                    continue;
                };
                match bands.last_mut() {
                    Some((_, end, s)) if *end == i && *s == state => *end = i + 1,
                    _ => bands.push((i, i + 1, state)),
                }
            }
            chart
                .draw_series(bands.iter().map(|&(from, to, state)| {
                    let colour = state_colour(state, series.states.len());
                    let (from, to) = marks.span(from, to - from);
                    Rectangle::new([(from, lo), (to, hi)], colour.filled())
                }))
                .map_err(err)?;
            let (x, y) = chart.backend_coord(&(0.0, (lo + hi) / 2.0));
            root.draw(&Text::new(
                short_name(name),
                (x - 6, y),
                ("sans-serif", 15)
                    .into_font()
                    .color(&BLACK)
                    .pos(Pos::new(HPos::Right, VPos::Center)),
            ))
            .map_err(err)?;
        }
        recoveries(&mut chart, marks, rows, false)?;
        let (_, y_top) = chart.backend_coord(&(0.0, rows));
        let (_, y_bottom) = chart.backend_coord(&(0.0, 0.0));
        hits = (
            y_top,
            y_bottom,
            columns(tl, panel, marks, |t| chart.backend_coord(&(t, 0.0)).0),
        );
        root.present().map_err(err)?;
    }
    Ok(with_columns(svg, hits.0, hits.1, &hits.2))
}

/// A state series' name without its kind (`breaker_state:database` → `database`), to fit
/// the label area.
fn short_name(name: &str) -> String {
    let short = name.rsplit_once(':').map_or(name, |(_, tool)| tool);
    short.chars().take(10).collect()
}

/// The loaded runs with a timeline: (id, what the picker shows).
fn runs_with_timelines(store: &Store) -> Vec<(String, String)> {
    store
        .runs
        .iter()
        .filter(|r| r.run.benchmarks.iter().any(|b| b.timeline.is_some()))
        .map(|r| {
            (
                r.id().to_string(),
                format!("{} ({})", r.run.run.name, r.run.run.timestamp),
            )
        })
        .collect()
}

/// The run shown: the selected run if it has a timeline, else the last loaded that has one.
fn shown_run(store: &Store, with_timelines: &[(String, String)]) -> Option<String> {
    store
        .selected
        .clone()
        .filter(|id| with_timelines.iter().any(|(i, _)| i == id))
        .or_else(|| with_timelines.last().map(|(id, _)| id.clone()))
}

/// The benchmark a run's timelines open on: the first whose timeline has phases (a pattern,
/// an outage, a recovery: what there is to see over time), else the first with a timeline.
pub fn first_disturbed(run: &benchdash_core::run::RunFile) -> Option<String> {
    let with_timeline = || run.benchmarks.iter().filter(|b| b.timeline.is_some());
    with_timeline()
        .find(|b| b.timeline.as_ref().is_some_and(|t| !t.phases.is_empty()))
        .or_else(|| with_timeline().next())
        .map(|b| b.name.clone())
}

/// Pick a run and a benchmark; see how it behaved over time.
#[component]
pub fn TimelineView(store: RwSignal<Store>, benchmark: RwSignal<String>) -> impl IntoView {
    let runs = Memo::new(move |_| store.with(runs_with_timelines));
    let run_id = Memo::new(move |_| runs.with(|list| store.with(|s| shown_run(s, list))));
    let benchmarks = Memo::new(move |_| {
        let id = run_id.get();
        store.with(|s| {
            s.runs
                .iter()
                .find(|r| Some(r.id()) == id.as_deref())
                .map(|r| {
                    r.run
                        .benchmarks
                        .iter()
                        .filter(|b| b.timeline.is_some())
                        .map(|b| b.name.clone())
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    });
    let current = Memo::new(move |_| {
        let wanted = benchmark.get();
        if benchmarks.with(|list| list.contains(&wanted)) {
            return Some(wanted);
        }
        let id = run_id.get()?;
        store.with(|s| {
            s.runs
                .iter()
                .find(|r| r.id() == id)
                .and_then(|r| first_disturbed(&r.run))
        })
    });
    let timeline = Memo::new(move |_| {
        let (id, name) = (run_id.get()?, current.get()?);
        store.with(|s| {
            s.runs
                .iter()
                .find(|r| r.id() == id)?
                .run
                .benchmarks
                .iter()
                .find(|b| b.name == name)?
                .timeline
                .clone()
        })
    });
    let download_csv = move |_| {
        let Some(id) = run_id.get_untracked() else {
            return;
        };
        store.with_untracked(|s| {
            let Some(r) = s.run(&id) else {
                return;
            };
            if let Some(csv) = timeline_csv(&r.run) {
                let name: String = r
                    .run
                    .run
                    .name
                    .chars()
                    .map(|c| if c.is_alphanumeric() { c } else { '-' })
                    .collect();
                download(&format!("{name}-timeline.csv"), "text/csv", &csv);
            }
        })
    };
    view! {
        <section class="timeline-view" aria-label="Timeline">
            {move || if runs.with(Vec::is_empty) {
                view! {
                    <p class="empty" id="timeline-empty">
                        "No loaded run has a timeline yet. The simulation records one for every scenario with a rate pattern, an outage or a circuit breaker (the presets load-constant, load-ramp-up, load-spike, load-step, burst, stress and circuit-breaker): run one in the Simulate tab. Locust's _stats_history.csv and --json output have one (users, throughput, errors and latency per second), and so do run files with a "
                        <code>"timeline"</code>
                        " (docs/format.md) show here too."
                    </p>
                }
                .into_any()
            } else {
                view! {
                    <div class="filters">
                        <label>
                            "Run "
                            <select id="timeline-run" on:change=move |ev| {
                                let id = event_target_value(&ev);
                                store.update(|s| s.select(&id));
                            }>
                                {move || {
                                    let shown = run_id.get();
                                    runs.get().into_iter().map(|(id, label)| {
                                        let selected = Some(&id) == shown.as_ref();
                                        view! { <option value=id selected=selected>{label}</option> }
                                    }).collect_view()
                                }}
                            </select>
                        </label>
                        <label>
                            "Benchmark "
                            <select id="timeline-benchmark" on:change=move |ev| benchmark.set(event_target_value(&ev))>
                                {move || {
                                    let shown = current.get();
                                    benchmarks.get().into_iter().map(|b| {
                                        let selected = Some(&b) == shown.as_ref();
                                        view! { <option value=b.clone() selected=selected>{b.clone()}</option> }
                                    }).collect_view()
                                }}
                            </select>
                        </label>
                        <button id="timeline-csv" class="button secondary" on:click=download_csv>"Download the timelines (CSV)"</button>
                    </div>
                    {move || timeline.get().map(timeline_charts)}
                }
                .into_any()
            }}
        </section>
    }
}

/// The text above the charts, the charts, and the phases as a table (the charts' text
/// alternative).
fn timeline_charts(tl: Timeline) -> impl IntoView {
    let Some(marks) = Marks::of(&tl) else {
        return view! { <p class="error-message">{format!("the timeline's window \"{}\" is not a duration", tl.window)}</p> }.into_any();
    };
    let clock = match tl.clock {
        benchdash_core::timeline::Clock::Virtual => "virtual time",
        benchdash_core::timeline::Clock::Wall => "wall-clock time",
    };
    let phases_shaded = match marks.shaded.len() {
        1 => "1 phase".to_string(),
        n => format!("{n} phases"),
    };
    let summary = format!(
        "{} windows of {} ({clock}), {} in all; {} series; {phases_shaded}.",
        tl.len(),
        seconds(marks.window),
        seconds(marks.end),
        tl.series.len(),
    );
    let recovery = marks.recovery_summary();
    let panels = panels(&tl);
    let phases = tl.phases.clone();
    let charts = panels
        .iter()
        .enumerate()
        .map(|(i, panel)| {
            let svg = panel_svg(&tl, panel, &marks, i == 0);
            let state_legend = (panel.kind == Kind::State).then(|| {
                let states = panel
                    .names
                    .first()
                    .and_then(|n| tl.get(n))
                    .map(|s| s.states.clone())
                    .unwrap_or_default();
                let count = states.len();
                view! {
                    <p class="state-legend">
                        {states.into_iter().enumerate().map(|(i, s)| {
                            let RGBColor(r, g, b) = state_colour(i, count);
                            view! { <span class="state-swatch" style=format!("background: rgb({r}, {g}, {b})")></span><span class="state-name">{s}</span> }
                        }).collect_view()}
                    </p>
                }
            });
            view! {
                <ChartFigure
                    svg=Signal::derive(move || svg.clone())
                    id=panel.id.clone()
                    label=panel.title()
                    name=panel.id.clone()
                    width=WIDTH
                    height=panel.height()
                />
                {state_legend}
            }
        })
        .collect_view();
    view! {
        <p class="timeline-summary" id="timeline-summary">{summary}</p>
        {recovery.map(|r| view! { <p class="timeline-recovery" id="timeline-recovery">{r}</p> })}
        <div class="timeline-charts">{charts}</div>
        <details class="timeline-phases">
            <summary>{format!("Phases ({})", phases.len())}</summary>
            <table>
                <thead><tr><th>"phase"</th><th class="num">"from"</th><th class="num">"to"</th></tr></thead>
                <tbody>
                    {phases.into_iter().map(|p| view! {
                        <tr class="phase-row"><td>{p.label}</td><td class="num">{p.from}</td><td class="num">{p.to}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
        </details>
    }
    .into_any()
}
