//! Helpers to find, click, type into, read and wait for the page's elements.
//!
//! Nothing here acts on the DOM as it happens to be at the instant of the call: every helper
//! that finds an element waits for it (up to [`TIMEOUT`]), and retries a click or a read that
//! races a re-render (a stale element, a click that lands on something drawn over the target).
//! A helper that gives up panics with a message naming its selector. Waiting for the page to
//! reach a state (a count of rows, a text) allows [`STATE_TIMEOUT`], as it can take a
//! simulation or an import on a loaded machine.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::error::{CmdError, ErrorStatus};
use fantoccini::{Client, Locator};

use crate::workspace_root;

/// How long a helper waits for an element to be there (and clickable, for a click).
pub const TIMEOUT: Duration = Duration::from_secs(20);

/// How long [`wait_for_count`] and [`wait_for_text`] wait for the page to reach a state.
pub const STATE_TIMEOUT: Duration = Duration::from_secs(60);

/// How often the helpers look again.
const POLL: Duration = Duration::from_millis(100);

/// A locator as a message names it.
fn describe(locator: Locator<'_>) -> String {
    match locator {
        Locator::Css(css) => format!("`{css}`"),
        Locator::Id(id) => format!("`#{id}`"),
        Locator::LinkText(text) => format!("the link {text:?}"),
        Locator::XPath(xpath) => format!("XPath `{xpath}`"),
    }
}

fn is_status(error: &CmdError, status: ErrorStatus) -> bool {
    matches!(error, CmdError::Standard(w) if w.error == status)
}

/// Whether a step failed because the page changed under it, so that trying again can succeed.
fn is_transient(error: &CmdError) -> bool {
    error.is_stale_element_reference()
        || error.is_no_such_element()
        || error.is_element_not_interactable()
        || is_status(error, ErrorStatus::ElementClickIntercepted)
}

fn remaining(deadline: Instant) -> Duration {
    deadline.saturating_duration_since(Instant::now())
}

/// Waits until `locator` matches an element, until `deadline`.
async fn find_until(client: &Client, locator: Locator<'_>, deadline: Instant) -> Element {
    client
        .wait()
        .at_most(remaining(deadline))
        .every(POLL)
        .for_element(locator)
        .await
        .unwrap_or_else(|e| {
            panic!(
                "no {} after {} s: {e}",
                describe(locator),
                TIMEOUT.as_secs()
            )
        })
}

/// Does `step` on the element `locator` matches, waiting for the element and trying again
/// while the page changes under it (a stale element, one not yet interactable), for up to
/// [`TIMEOUT`]. `what` names the step in the message if it never succeeds.
async fn on_element<T, F, Fut>(client: &Client, locator: Locator<'_>, what: &str, step: F) -> T
where
    F: Fn(Element) -> Fut,
    Fut: std::future::Future<Output = Result<T, CmdError>>,
{
    let deadline = Instant::now() + TIMEOUT;
    loop {
        let element = find_until(client, locator, deadline).await;
        match step(element).await {
            Ok(value) => return value,
            Err(e) if is_transient(&e) && Instant::now() < deadline => {
                tokio::time::sleep(POLL).await;
            }
            Err(e) => panic!(
                "cannot {what} {} (tried for up to {} s): {e}",
                describe(locator),
                TIMEOUT.as_secs()
            ),
        }
    }
}

/// The first element matching `css`, once there is one.
pub async fn find(client: &Client, css: &str) -> Element {
    find_by(client, Locator::Css(css)).await
}

/// The first element `locator` matches, once there is one.
pub async fn find_by(client: &Client, locator: Locator<'_>) -> Element {
    find_until(client, locator, Instant::now() + TIMEOUT).await
}

/// Clicks the element with this id.
pub async fn click(client: &Client, id: &str) {
    click_by(client, Locator::Id(id)).await;
}

/// Clicks the first element matching `css`.
pub async fn click_css(client: &Client, css: &str) {
    click_by(client, Locator::Css(css)).await;
}

/// Clicks the first element `locator` matches, once it is there and clickable.
pub async fn click_by(client: &Client, locator: Locator<'_>) {
    on_element(client, locator, "click", |e| async move { e.click().await }).await;
}

/// Types `text` into the first element matching `css`, after what it holds.
pub async fn type_into(client: &Client, css: &str, text: &str) {
    on_element(client, Locator::Css(css), "type into", |e| async move {
        e.send_keys(text).await
    })
    .await;
}

/// Replaces the text of the first field matching `css` by typing it (WebDriver's clear fires
/// no input event; typing does, as a user's would).
pub async fn clear_and_type(client: &Client, css: &str, text: &str) {
    on_element(
        client,
        Locator::Css(css),
        "clear and type into",
        |e| async move {
            e.clear().await?;
            e.send_keys(text).await
        },
    )
    .await;
}

/// Replaces the thresholds editor's text by typing it.
pub async fn type_thresholds(client: &Client, text: &str) {
    clear_and_type(client, "#thresholds-editor", text).await;
}

/// Chooses the option of this value in the first `<select>` matching `css`, once the option is
/// there.
pub async fn select_value(client: &Client, css: &str, value: &str) {
    let option = format!("{css} option[value=\"{value}\"]");
    find(client, &option).await;
    on_element(
        client,
        Locator::Css(css),
        "choose a value in",
        |e| async move { e.select_by_value(value).await },
    )
    .await;
}

/// The `value` property of the first field matching `css` (empty if it has none).
pub async fn value_of(client: &Client, css: &str) -> String {
    on_element(
        client,
        Locator::Css(css),
        "read the value of",
        |e| async move { e.prop("value").await },
    )
    .await
    .unwrap_or_default()
}

/// Gives files (or a folder) to the file input with this id, as a user's pick would.
pub async fn upload(client: &Client, id: &str, paths: &[PathBuf]) {
    let list: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    let list = list.join("\n");
    let list = list.as_str();
    on_element(client, Locator::Id(id), "upload to", |e| async move {
        e.send_keys(list).await
    })
    .await;
}

/// The texts of every element matching `css`, read in one pass; `Err` if the page changed
/// under the read (an element went stale).
async fn read_texts(client: &Client, css: &str) -> Result<Vec<String>, CmdError> {
    let mut texts = Vec::new();
    for element in client.find_all(Locator::Css(css)).await? {
        texts.push(element.text().await?);
    }
    Ok(texts)
}

/// [`read_texts`], tried again while the page changes under it, until `deadline`.
async fn read_texts_until(client: &Client, css: &str, deadline: Instant) -> Vec<String> {
    loop {
        match read_texts(client, css).await {
            Ok(texts) => return texts,
            Err(e) if e.is_stale_element_reference() && Instant::now() < deadline => {
                tokio::time::sleep(POLL).await;
            }
            Err(e) => panic!("cannot read the elements matching `{css}`: {e}"),
        }
    }
}

/// The texts of the elements matching `css` (none is an answer too), once the page has
/// settled: two reads in a row agree. Gives up after [`TIMEOUT`].
pub async fn texts_of(client: &Client, css: &str) -> Vec<String> {
    let deadline = Instant::now() + TIMEOUT;
    let mut last = read_texts_until(client, css, deadline).await;
    loop {
        tokio::time::sleep(POLL).await;
        let now = read_texts_until(client, css, deadline).await;
        if now == last {
            return now;
        }
        assert!(
            Instant::now() < deadline,
            "the elements matching `{css}` kept changing for {} s: {now:#?}",
            TIMEOUT.as_secs()
        );
        last = now;
    }
}

/// The text of the first element matching `css`, once there is one.
pub async fn text_of(client: &Client, css: &str) -> String {
    on_element(
        client,
        Locator::Css(css),
        "read the text of",
        |e| async move { e.text().await },
    )
    .await
}

/// Waits until `css` matches exactly `count` elements, and returns their texts.
pub async fn wait_for_count(client: &Client, css: &str, count: usize) -> Vec<String> {
    let deadline = Instant::now() + STATE_TIMEOUT;
    loop {
        let texts = read_texts_until(client, css, deadline).await;
        if texts.len() == count {
            return texts;
        }
        assert!(
            Instant::now() < deadline,
            "expected {count} elements matching `{css}`, found {} after {} s: {texts:#?}",
            texts.len(),
            STATE_TIMEOUT.as_secs()
        );
        tokio::time::sleep(POLL).await;
    }
}

/// Waits until the first element matching `css` is there and its text contains `want`, and
/// returns the text.
pub async fn wait_for_text(client: &Client, css: &str, want: &str) -> String {
    let deadline = Instant::now() + STATE_TIMEOUT;
    loop {
        let seen = match client.find(Locator::Css(css)).await {
            Ok(element) => element.text().await,
            Err(e) => Err(e),
        };
        match seen {
            Ok(text) if text.contains(want) => return text,
            Ok(text) => assert!(
                Instant::now() < deadline,
                "`{css}` says {text:?}, not {want:?}, after {} s",
                STATE_TIMEOUT.as_secs()
            ),
            Err(e) if is_transient(&e) => assert!(
                Instant::now() < deadline,
                "no `{css}` after {} s: {e}",
                STATE_TIMEOUT.as_secs()
            ),
            Err(e) => panic!("cannot read `{css}`: {e}"),
        }
        tokio::time::sleep(POLL).await;
    }
}

/// Saves a screenshot of the page as `target/e2e/<name>.png`.
pub async fn save_screenshot(client: &Client, name: &str) {
    let png = client
        .screenshot()
        .await
        .unwrap_or_else(|e| panic!("cannot take the screenshot {name}: {e}"));
    let dir = workspace_root().join("target").join("e2e");
    std::fs::create_dir_all(&dir).expect("create target/e2e");
    std::fs::write(dir.join(format!("{name}.png")), png).expect("write a screenshot");
}
