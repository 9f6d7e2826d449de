//! The runs that survive a reload, in the browser's IndexedDB (database `benchdash`, object
//! store `runs`: a run's id to its run file as JSON text), through `rexie`. Local storage held
//! them before and stops at about 5 MB; a year of nightly runs is 26 MB. What local storage
//! still holds is moved here on the first visit after the change (see `components::App`).
//!
//! Saving is a [`Plan`] against what is already saved, so that a change writes only the runs
//! that changed, and a plan is one transaction: when the store is full, it is aborted as a
//! whole and the database keeps what it had.
//!
//! The runs come back in the order the page showed them: the store keeps that order under
//! [`ORDER`], since IndexedDB itself lists its records by key, and a run's id (a digest) says
//! nothing about when it was loaded.

use std::collections::BTreeMap;
use std::hash::{DefaultHasher, Hash, Hasher};

use rexie::{ObjectStore, Rexie, TransactionMode};
use wasm_bindgen::{JsCast, JsValue};

pub const DATABASE: &str = "benchdash";
const RUNS: &str = "runs";
/// The key of the record that lists the runs' ids in the page's order (a JSON array): the
/// empty string, which no run's id is (core's reader gives a run without an id, or with an
/// empty one, its content's id: `read.rs`), whereas a run file may name itself anything else.
pub const ORDER: &str = "";

/// What is saved: each run id with a digest of its text, to tell a changed run (renamed,
/// tagged) from an unchanged one without keeping a second copy of every run.
pub type Saved = BTreeMap<String, u64>;

/// The writes that bring the database from `saved` to `wanted` (run id → run file text).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Plan {
    pub put: Vec<(String, String)>,
    pub delete: Vec<String>,
}

impl Plan {
    pub fn between(saved: &Saved, wanted: &BTreeMap<String, String>) -> Plan {
        let put = wanted
            .iter()
            .filter(|(id, text)| saved.get(*id) != Some(&digest(text)))
            .map(|(id, text)| (id.clone(), text.clone()))
            .collect();
        let delete = saved
            .keys()
            .filter(|id| !wanted.contains_key(*id))
            .cloned()
            .collect();
        Plan { put, delete }
    }

    pub fn is_empty(&self) -> bool {
        self.put.is_empty() && self.delete.is_empty()
    }

    /// What is saved once the plan is written.
    pub fn apply(&self, saved: &mut Saved) {
        for id in &self.delete {
            saved.remove(id);
        }
        for (id, text) in &self.put {
            saved.insert(id.clone(), digest(text));
        }
    }

    /// The bytes it writes (UTF-8), for the error of a full store.
    pub fn bytes(&self) -> usize {
        self.put.iter().map(|(_, t)| t.len()).sum()
    }
}

/// A digest of a run's text (SipHash with fixed keys: the same within a visit and across).
pub fn digest(text: &str) -> u64 {
    let mut h = DefaultHasher::new();
    text.hash(&mut h);
    h.finish()
}

/// The database, opened (and made on the first visit).
pub async fn open() -> Result<Rexie, String> {
    Rexie::builder(DATABASE)
        .version(1)
        .add_object_store(ObjectStore::new(RUNS))
        .build()
        .await
        .map_err(|e| {
            format!(
                "the browser's database could not be opened ({})",
                reason(&e)
            )
        })
}

/// What the database should hold for `runs` (id and text, in the page's order): each run,
/// and the [`ORDER`] record.
pub fn wanted(runs: Vec<(String, String)>) -> BTreeMap<String, String> {
    let order: Vec<&str> = runs.iter().map(|(id, _)| id.as_str()).collect();
    let order = serde_json::to_string(&order).expect("a list of strings is JSON");
    let mut wanted: BTreeMap<String, String> = runs.into_iter().collect();
    wanted.insert(ORDER.to_string(), order);
    wanted
}

/// What was read back: the runs in the order they were saved in, and what is saved (every
/// record's digest, the order's too).
#[derive(Debug, Default)]
pub struct Restored {
    pub runs: Vec<(String, String)>,
    pub saved: Saved,
}

/// Puts the records read by key in the saved order: the runs [`ORDER`] names, in its order,
/// then any it does not name (saved before the order was kept) by key.
pub fn in_saved_order(records: Vec<(String, String)>) -> Restored {
    let saved = records
        .iter()
        .map(|(id, text)| (id.clone(), digest(text)))
        .collect();
    let mut runs: BTreeMap<String, String> = records.into_iter().collect();
    let order: Vec<String> = runs
        .remove(ORDER)
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default();
    let mut in_order: Vec<(String, String)> = order
        .into_iter()
        .filter_map(|id| runs.remove(&id).map(|text| (id, text)))
        .collect();
    in_order.extend(runs);
    Restored {
        runs: in_order,
        saved,
    }
}

/// Every saved run, in the order the page showed them.
pub async fn load(db: &Rexie) -> Result<Restored, String> {
    let read = async {
        let tx = db.transaction(&[RUNS], TransactionMode::ReadOnly)?;
        let store = tx.store(RUNS)?;
        let all = store.scan(None, None, None, None).await?;
        Ok::<_, rexie::Error>(
            all.into_iter()
                .filter_map(|(k, v)| Some((k.as_string()?, v.as_string()?)))
                .collect(),
        )
    };
    read.await
        .map(in_saved_order)
        .map_err(|e| format!("the saved runs could not be read ({})", reason(&e)))
}

/// Where the runs are saved: the browser's database, or a test's store.
#[allow(async_fn_in_trait)] // The page's own trait, used on its one thread only.
pub trait Keeper {
    /// Writes a plan whole, or none of it (a full store); the error says why, for a card.
    async fn write_plan(&self, plan: &Plan) -> Result<(), String>;
}

impl Keeper for Rexie {
    async fn write_plan(&self, plan: &Plan) -> Result<(), String> {
        write(self, plan).await
    }
}

/// What one [`save`] did.
#[derive(Debug, Clone, PartialEq)]
pub enum Saving {
    /// Nothing had changed.
    Unchanged,
    /// The plan was written: what is saved is `plan.apply`'d.
    Written(Plan),
    /// The keeper refused the plan (a full store), with its reason; nothing of it is saved.
    Refused(String),
}

/// Saves `wanted` (run id → text, with [`ORDER`]: [`wanted`]) over `saved`, what the keeper
/// holds: the [`Plan`] between them, written whole. `saved` is the caller's to update, and
/// only on [`Saving::Written`]: after a refusal it still says what the keeper holds, so the
/// next save writes the same plan again, and a store that has room by then takes it.
pub async fn save(
    keeper: &impl Keeper,
    saved: &Saved,
    wanted: &BTreeMap<String, String>,
) -> Saving {
    let plan = Plan::between(saved, wanted);
    if plan.is_empty() {
        return Saving::Unchanged;
    }
    match keeper.write_plan(&plan).await {
        Ok(()) => Saving::Written(plan),
        Err(why) => Saving::Refused(why),
    }
}

/// Writes a plan in one transaction: all of it, or (a full store) none of it.
pub async fn write(db: &Rexie, plan: &Plan) -> Result<(), String> {
    let work = async {
        let tx = db.transaction(&[RUNS], TransactionMode::ReadWrite)?;
        let store = tx.store(RUNS)?;
        for id in &plan.delete {
            store.delete(JsValue::from_str(id)).await?;
        }
        for (id, text) in &plan.put {
            store
                .put(&JsValue::from_str(text), Some(&JsValue::from_str(id)))
                .await?;
        }
        Ok::<_, rexie::Error>(tx.done().await?.is_committed())
    };
    let why = match work.await {
        Ok(true) => return Ok(()),
        Err(e) => reason(&e),
        // Chromium reports a full store by aborting the transaction when it commits, and the
        // abort's error is gone with the transaction: the quota tells.
        Ok(false) => match estimate().await {
            Some((used, quota)) if used + plan.bytes() as f64 > quota => {
                format!("QuotaExceededError: {} used of {}", size(used), size(quota))
            }
            _ => "the browser aborted the write".to_string(),
        },
    };
    Err(format!(
        "the browser's storage is full or refused {} of runs ({why}); the runs saved before are kept, but what you loaded since will not survive a reload",
        size(plan.bytes() as f64)
    ))
}

/// The DOM's own words for a failed request (`QuotaExceededError: …`), which rexie's
/// `Display` leaves out.
fn reason(e: &rexie::Error) -> String {
    let text = format!("{e:?}");
    [
        "QuotaExceededError",
        "VersionError",
        "InvalidStateError",
        "UnknownError",
    ]
    .into_iter()
    .find(|name| text.contains(name))
    .map(str::to_string)
    .unwrap_or(text)
}

/// How much the page's origin stores and may store, in bytes (`navigator.storage.estimate`);
/// `None` where the browser does not say.
pub async fn estimate() -> Option<(f64, f64)> {
    let storage = web_sys::window()?.navigator().storage();
    let promise = storage.estimate().ok()?;
    let estimate: web_sys::StorageEstimate = wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .ok()?
        .unchecked_into();
    Some((estimate.get_usage()?, estimate.get_quota()?))
}

/// Asks the browser to keep the data under storage pressure (`navigator.storage.persist`);
/// whether it will.
pub async fn persist() -> Option<bool> {
    let storage = web_sys::window()?.navigator().storage();
    answer(storage.persist().ok()?).await
}

/// Whether the browser keeps the data under storage pressure (`navigator.storage.persisted`).
pub async fn persisted() -> Option<bool> {
    let storage = web_sys::window()?.navigator().storage();
    answer(storage.persisted().ok()?).await
}

async fn answer(promise: js_sys::Promise) -> Option<bool> {
    wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .ok()?
        .as_bool()
}

/// A number of bytes for people: `12.3 MB`, `1.2 GB` (decimal units, as browsers report).
pub fn size(bytes: f64) -> String {
    let (value, unit) = if bytes >= 1e9 {
        (bytes / 1e9, "GB")
    } else if bytes >= 1e6 {
        (bytes / 1e6, "MB")
    } else {
        (bytes / 1e3, "kB")
    };
    format!("{value:.1} {unit}")
}
