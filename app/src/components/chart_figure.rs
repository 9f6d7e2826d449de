//! A chart on the page: plotters' SVG shown inline, a tooltip for the points under the
//! pointer, and the chart's exports (SVG, and PNG through a canvas).
//!
//! plotters draws the picture; it knows nothing of pointers. So the charts add a layer of
//! invisible "hit" circles over their points ([`with_hits`]), each carrying its tooltip text
//! in `data-tip` and in a `<title>` (which screen readers and a plain hover also show), and
//! this component shows the text of the circle under the pointer. Charts over time use
//! full-height columns instead ([`with_columns`]), so any height in a window finds it.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::browser::{download, download_png};

/// The colour of a `warn` or `fail` line on any chart: the page's status colours (orange and
/// red), always beside a label that says which.
pub fn level_colour(level: &str) -> plotters::style::RGBColor {
    if level == "fail" {
        plotters::style::RGBColor(0xc6, 0x2f, 0x2f)
    } else {
        plotters::style::RGBColor(0xb3, 0x6b, 0x00)
    }
}

/// A point a reader can hover, in the SVG's pixel coordinates.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub x: i32,
    pub y: i32,
    pub tip: String,
}

/// Text made safe to put inside SVG or HTML markup: names come from files, and text from
/// files is shown as text, never as markup.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Charts with at most this many hits give each a `<title>` as well.
const TITLES_UP_TO: usize = 300;

/// `svg` with an invisible circle over each hit, last in the document so they are on top.
pub fn with_hits(mut svg: String, hits: &[Hit]) -> String {
    let Some(end) = svg.rfind("</svg>") else {
        return svg;
    };
    let mut layer = String::from(r#"<g class="hits">"#);
    // A `<title>` too (the browser's own tooltip, read by screen readers) while the chart is
    // small; a big one relies on `data-tip` and the values table, to stay light.
    let titles = hits.len() <= TITLES_UP_TO;
    for h in hits {
        let tip = escape(&h.tip);
        let title = if titles {
            format!("<title>{tip}</title>")
        } else {
            String::new()
        };
        layer.push_str(&format!(
            r#"<circle class="hit" cx="{}" cy="{}" r="7" fill="transparent" data-tip="{tip}">{title}</circle>"#,
            h.x, h.y
        ));
    }
    layer.push_str("</g>");
    svg.insert_str(end, &layer);
    svg
}

/// A span of a chart's x axis a reader can hover (a timeline's windows), in pixels.
pub struct Column {
    pub x: i32,
    pub width: i32,
    pub tip: String,
}

/// `svg` with a transparent, full-height column per group of windows, each carrying its
/// tooltip in `data-tip` (and a `<title>` while they are few), last so they are on top.
pub fn with_columns(mut svg: String, top: i32, bottom: i32, columns: &[Column]) -> String {
    let Some(end) = svg.rfind("</svg>") else {
        return svg;
    };
    let titles = columns.len() <= TITLES_UP_TO;
    let mut layer = String::from(r#"<g class="hits">"#);
    for c in columns {
        let tip = escape(&c.tip);
        let title = if titles {
            format!("<title>{tip}</title>")
        } else {
            String::new()
        };
        layer.push_str(&format!(
            r#"<rect class="hit" x="{}" y="{top}" width="{}" height="{}" fill="transparent" data-tip="{tip}">{title}</rect>"#,
            c.x,
            c.width.max(1),
            (bottom - top).max(1),
        ));
    }
    layer.push_str("</g>");
    svg.insert_str(end, &layer);
    svg
}

/// The tooltip's text and position (pixels from the figure's top left).
#[derive(Debug, Clone, PartialEq)]
struct Tip {
    text: String,
    left: i32,
    top: i32,
}

/// A chart from `svg` (a drawing of `width` × `height`), with a tooltip for its hits and
/// buttons that export it as `{name}.svg` and `{name}.png`.
#[component]
pub fn ChartFigure(
    #[prop(into)] svg: Signal<Result<String, String>>,
    #[prop(into)] id: String,
    #[prop(into)] label: String,
    #[prop(into)] name: String,
    width: u32,
    height: u32,
) -> impl IntoView {
    let tip = RwSignal::new(None::<Tip>);
    let show = move |ev: web_sys::MouseEvent| {
        let text = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|e| e.get_attribute("data-tip"));
        tip.set(text.map(|text| {
            let (left, top) = offset_in_figure(&ev);
            Tip { text, left, top }
        }));
    };
    view! {
        <figure class="chart-figure">
            <div class="chart-exports">
                <button class="export-svg" on:click={
                    let name = name.clone();
                    move |_| {
                    if let Ok(s) = svg.get_untracked() {
                        download(&format!("{name}.svg"), "image/svg+xml", &s);
                    }
                }}>"Export SVG"</button>
                <button class="export-png" on:click=move |_| {
                    if let Ok(s) = svg.get_untracked() {
                        download_png(&name, s, width, height);
                    }
                }>"Export PNG"</button>
            </div>
            {move || match svg.get() {
                Ok(s) => view! {
                    <div
                        class="chart"
                        id=id.clone()
                        role="img"
                        aria-label=label.clone()
                        inner_html=s
                        on:mouseover=show
                        on:mouseleave=move |_| tip.set(None)
                    ></div>
                }
                .into_any(),
                Err(e) => view! { <p class="error-message">{e}</p> }.into_any(),
            }}
            {move || tip.get().map(|t| view! {
                <div class="chart-tip" role="status" style=format!("left: {}px; top: {}px", t.left + 12, t.top + 12)>{t.text}</div>
            })}
        </figure>
    }
}

/// Where a pointer event happened, in pixels from the top left of the chart's figure (the
/// tooltip's containing block), whatever element inside the SVG it hit.
fn offset_in_figure(ev: &web_sys::MouseEvent) -> (i32, i32) {
    let origin = ev
        .current_target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|chart| chart.parent_element())
        .map(|figure| figure.get_bounding_client_rect())
        .map_or((0, 0), |r| (r.left() as i32, r.top() as i32));
    (ev.client_x() - origin.0, ev.client_y() - origin.1)
}
