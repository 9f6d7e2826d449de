//! Catch2's XML reporter (`--reporter xml`, v2's `<Catch>` and v3's `<Catch2TestRun>`):
//! `<BenchmarkResults>` elements inside test cases (and sections), in nanoseconds.
//!
//! A benchmark is `TEST CASE/SECTION…/BENCHMARK` (the enclosing test case's and sections'
//! names, then the benchmark's). `time` (ns) gets Catch2's estimates: n = `samples`, the
//! bootstrapped `mean` with its interval (`lowerBound`, `upperBound`, `ci`) and the
//! `standardDeviation`'s value. Catch2 writes no raw samples, time or version.

use std::collections::{BTreeMap, HashMap};

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use super::{metric, unique_name, Context, Draft, Format};
use crate::read::ReadErrorKind;
use crate::run::{Benchmark, Better, RunFile, Summary};

/// Whether this text is a Catch2 XML report: XML whose root (within the first 4 KB) is
/// `<Catch …>` or `<Catch2TestRun …>`.
pub(crate) fn claims(text: &str) -> bool {
    let start = text.trim_start_matches('\u{feff}').trim_start();
    if !start.starts_with('<') {
        return false;
    }
    let head = &start.as_bytes()[..start.len().min(4096)];
    head.windows(7).enumerate().any(|(i, w)| {
        w == b"<Catch2" && head[i..].starts_with(b"<Catch2TestRun")
            || w.starts_with(b"<Catch") && matches!(w[6], b' ' | b'>' | b'\n' | b'\t' | b'\r')
    })
}

/// One `<BenchmarkResults>` being read.
struct Pending {
    name: String,
    samples: Option<u64>,
    summary: Summary,
}

fn attributes(e: &BytesStart) -> Result<BTreeMap<String, String>, String> {
    let mut out = BTreeMap::new();
    for attr in e.attributes() {
        let attr = attr.map_err(|err| err.to_string())?;
        let key = String::from_utf8_lossy(attr.key.as_ref()).into_owned();
        let value = attr
            .unescape_value()
            .map_err(|err| err.to_string())?
            .into_owned();
        out.insert(key, value);
    }
    Ok(out)
}

fn number(
    attrs: &BTreeMap<String, String>,
    key: &str,
    element: &str,
) -> Result<Option<f64>, String> {
    match attrs.get(key) {
        None => Ok(None),
        Some(v) => v
            .trim()
            .parse::<f64>()
            .map(Some)
            .map_err(|_| format!("<{element} {key}=\"{v}\">: not a number")),
    }
}

pub(crate) fn import(ctx: &Context) -> Result<Draft, ReadErrorKind> {
    let text = std::str::from_utf8(ctx.file.bytes)
        .map_err(|e| ReadErrorKind::Invalid(format!("not UTF-8 text: {e}")))?;
    let mut reader = Reader::from_str(text);
    let mut run = RunFile::new(ctx.stem(), ctx.fallback_timestamp);
    let mut seen = HashMap::new();
    // The names of the open TestCase and Section elements (None for other elements).
    let mut path: Vec<Option<String>> = Vec::new();
    let mut pending: Option<Pending> = None;
    let mut saw_root = false;
    let fail = |reader: &Reader<&[u8]>, why: String| {
        let offset = reader.buffer_position() as usize;
        let upto = &text.as_bytes()[..offset.min(text.len())];
        let line = upto.iter().filter(|b| **b == b'\n').count() + 1;
        ReadErrorKind::Invalid(format!("line {line}: {why}"))
    };
    loop {
        let event = reader
            .read_event()
            .map_err(|e| fail(&reader, format!("not valid XML: {e}")))?;
        let (element, empty) = match &event {
            Event::Start(e) => (e, false),
            Event::Empty(e) => (e, true),
            Event::End(e) => {
                if e.name().as_ref() == b"BenchmarkResults" {
                    let p = pending.take().ok_or_else(|| {
                        fail(&reader, "</BenchmarkResults> without its start".to_string())
                    })?;
                    push(&mut run, &mut seen, p);
                } else {
                    path.pop();
                }
                continue;
            }
            Event::Eof => break,
            _ => continue,
        };
        let tag = element.name().as_ref().to_vec();
        let attrs = attributes(element).map_err(|why| fail(&reader, why))?;
        let tag_name = String::from_utf8_lossy(&tag).into_owned();
        match tag.as_slice() {
            b"Catch" | b"Catch2TestRun" => saw_root = true,
            b"BenchmarkResults" => {
                let mut name: Vec<&str> = path.iter().flatten().map(String::as_str).collect();
                let own = attrs.get("name").map(String::as_str).unwrap_or("");
                name.push(own);
                let samples = number(&attrs, "samples", &tag_name)
                    .map_err(|why| fail(&reader, why))?
                    .map(|n| n as u64);
                let p = Pending {
                    name: name.join("/"),
                    samples,
                    summary: Summary::default(),
                };
                if empty {
                    push(&mut run, &mut seen, p);
                } else {
                    pending = Some(p);
                }
                continue;
            }
            b"mean" | b"standardDeviation" if pending.is_some() => {
                let p = pending.as_mut().expect("checked");
                let value = number(&attrs, "value", &tag_name).map_err(|why| fail(&reader, why))?;
                if tag.as_slice() == b"mean" {
                    p.summary.mean = value;
                    p.summary.ci_lower = number(&attrs, "lowerBound", &tag_name)
                        .map_err(|why| fail(&reader, why))?;
                    p.summary.ci_upper = number(&attrs, "upperBound", &tag_name)
                        .map_err(|why| fail(&reader, why))?;
                    p.summary.ci_level =
                        number(&attrs, "ci", &tag_name).map_err(|why| fail(&reader, why))?;
                } else {
                    p.summary.stddev = value;
                }
            }
            _ => {}
        }
        if !empty {
            let named = matches!(tag.as_slice(), b"TestCase" | b"Section");
            path.push(named.then(|| attrs.get("name").cloned().unwrap_or_default()));
        }
    }
    if pending.is_some() || !path.is_empty() {
        return Err(ReadErrorKind::Invalid(
            "the XML ends before its elements close (a truncated file?)".to_string(),
        ));
    }
    if !saw_root {
        return Err(ReadErrorKind::Invalid(
            "not a Catch2 XML report (no <Catch> or <Catch2TestRun> element)".to_string(),
        ));
    }
    if run.benchmarks.is_empty() {
        return Err(ReadErrorKind::Invalid(
            "no <BenchmarkResults> in this Catch2 report (were benchmarks enabled and run?)"
                .to_string(),
        ));
    }
    Ok(Draft {
        run,
        warnings: Vec::new(),
        format: Format::Catch2,
        tool_version: None,
    })
}

fn push(run: &mut RunFile, seen: &mut HashMap<String, usize>, p: Pending) {
    let summary = Summary {
        n: p.samples,
        ..p.summary
    };
    run.benchmarks.push(Benchmark {
        name: unique_name(seen, &p.name),
        params: BTreeMap::new(),
        metrics: BTreeMap::from([(
            "time".to_string(),
            metric("ns", Better::Lower, Vec::new(), Some(summary)),
        )]),
        extra: None,
        timeline: None,
    });
}
