//! Probes of the dashboard's speed, installed in the page: long tasks and the time from a
//! start (a file given, a click) to a state drawn (used by `speed_budgets`).

use std::time::{Duration, Instant};

use fantoccini::Client;

/// Installs the page-side probes of a measurement: long tasks (the browser's own report of
/// main-thread work over 50 ms) collected in `__long`, `__t0` stamped when the file input
/// changes or `start_id` is clicked, and `__t1` stamped when `done_css` first matches at least
/// `count` elements and the main thread is free again (a zero timeout after the mutation).
pub async fn install_probes(client: &Client, start_id: &str, done_css: &str, count: usize) {
    let script = format!(
        r#"
        // A measurement's probes replace the previous one's (else each long task is counted
        // once per installed observer).
        for (const o of window.__observers || []) o.disconnect();
        window.__long = []; window.__t0 = null; window.__t1 = null;
        window.__start_id = '{start_id}';
        const tasks = new PerformanceObserver(l => {{ for (const e of l.getEntries()) window.__long.push(e.duration); }});
        tasks.observe({{type: 'longtask'}});
        if (!window.__listening) {{
            window.__listening = true;
            const start = e => {{
                if (e.target.id === window.__start_id) {{ window.__t0 = performance.now(); window.__t1 = null; }}
            }};
            document.addEventListener('change', start, true);
            document.addEventListener('click', start, true);
        }}
        let pending = false;
        const mutations = new MutationObserver(() => {{
            if (window.__t0 === null || window.__t1 !== null || pending) return;
            if (document.querySelectorAll('{done_css}').length >= {count}) {{
                pending = true;
                setTimeout(() => {{ window.__t1 = performance.now(); pending = false; }}, 0);
            }}
        }});
        mutations.observe(document.body, {{childList: true, subtree: true}});
        window.__observers = [tasks, mutations];
        "#
    );
    client
        .execute(&script, vec![])
        .await
        .expect("install probes");
}

/// Waits for the probes' end stamp; returns (milliseconds from start to done, the long tasks'
/// durations in ms).
pub async fn read_probes(client: &Client) -> (f64, Vec<f64>) {
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let v = client
            .execute(
                "return window.__t1 === null ? null : [window.__t1 - window.__t0, window.__long]",
                vec![],
            )
            .await
            .expect("read probes");
        if let Some(a) = v.as_array() {
            let ms = a[0].as_f64().unwrap();
            let long = a[1]
                .as_array()
                .unwrap()
                .iter()
                .filter_map(|x| x.as_f64())
                .collect();
            return (ms, long);
        }
        assert!(
            Instant::now() < deadline,
            "the measured step never finished"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
