//! The runs that survive a reload, in a real headless Chromium's IndexedDB: what a change
//! writes, and a history larger than local storage's 5 MB written and read back.

use std::collections::BTreeMap;

use benchdash_app::saved::{self, Plan, Saved};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn wanted(runs: &[(&str, &str)]) -> BTreeMap<String, String> {
    runs.iter()
        .map(|(id, text)| (id.to_string(), text.to_string()))
        .collect()
}

#[wasm_bindgen_test]
fn a_plan_writes_what_changed_and_deletes_what_went() {
    let mut saved = Saved::new();
    let first = Plan::between(&saved, &wanted(&[("a", "{a}"), ("b", "{b}")]));
    assert_eq!(first.put.len(), 2);
    assert!(first.delete.is_empty());
    first.apply(&mut saved);
    // Nothing changed: nothing to write.
    assert!(Plan::between(&saved, &wanted(&[("a", "{a}"), ("b", "{b}")])).is_empty());
    // `a` renamed (its text changed), `b` removed, `c` added.
    let next = Plan::between(&saved, &wanted(&[("a", "{a renamed}"), ("c", "{c}")]));
    assert_eq!(
        next.put,
        vec![
            ("a".to_string(), "{a renamed}".to_string()),
            ("c".to_string(), "{c}".to_string())
        ]
    );
    assert_eq!(next.delete, vec!["b".to_string()]);
    assert_eq!(next.bytes(), "{a renamed}{c}".len());
    next.apply(&mut saved);
    assert_eq!(saved.keys().collect::<Vec<_>>(), ["a", "c"]);
}

#[wasm_bindgen_test]
async fn runs_beyond_local_storages_ceiling_are_saved_and_read_back() {
    let db = saved::open().await.unwrap();
    // Whatever an earlier test left: start empty.
    let before: Saved = saved::load(&db).await.unwrap().saved;
    saved::write(&db, &Plan::between(&before, &BTreeMap::new()))
        .await
        .unwrap();
    // Three runs of 3 MB: 9 MB, where local storage stops at about 5 MB.
    let big = |c: char| format!("{{\"pad\": \"{}\"}}", c.to_string().repeat(3_000_000));
    let runs: BTreeMap<String, String> = ['x', 'y', 'z']
        .into_iter()
        .map(|c| (format!("run-{c}"), big(c)))
        .collect();
    let plan = Plan::between(&Saved::new(), &runs);
    saved::write(&db, &plan).await.unwrap();
    let back: BTreeMap<String, String> = saved::load(&db).await.unwrap().runs.into_iter().collect();
    assert_eq!(back, runs);
    let (used, quota) = saved::estimate()
        .await
        .expect("Chromium estimates its storage");
    // (Chromium compresses the padding, so the usage is below the 9 MB written.)
    assert!(used > 0.0 && quota > 9e6, "{used} of {quota}");

    // Leave the database empty for the page's own tests.
    let mut all = Saved::new();
    plan.apply(&mut all);
    saved::write(&db, &Plan::between(&all, &BTreeMap::new()))
        .await
        .unwrap();
}

#[wasm_bindgen_test]
async fn runs_come_back_in_the_order_they_were_shown_not_by_id() {
    let db = saved::open().await.unwrap();
    let before = saved::load(&db).await.unwrap().saved;
    saved::write(&db, &Plan::between(&before, &BTreeMap::new()))
        .await
        .unwrap();
    // Shown newest-loaded last: `run-c`, `run-a`, `run-b` (the database's key order is a, b, c).
    let shown = |ids: &[&str]| -> Vec<(String, String)> {
        ids.iter()
            .map(|id| (id.to_string(), format!("{{\"id\": \"{id}\"}}")))
            .collect()
    };
    let wanted = saved::wanted(shown(&["run-c", "run-a", "run-b"]));
    saved::write(&db, &Plan::between(&Saved::new(), &wanted))
        .await
        .unwrap();
    let back = saved::load(&db).await.unwrap();
    assert_eq!(back.runs, shown(&["run-c", "run-a", "run-b"]));
    // What is saved is what was written, the order's record too: nothing to write again.
    assert!(Plan::between(&back.saved, &wanted).is_empty());
    // Moving a run rewrites the order's record and nothing else.
    let moved = saved::wanted(shown(&["run-a", "run-b", "run-c"]));
    let plan = Plan::between(&back.saved, &moved);
    assert_eq!(
        plan.put
            .iter()
            .map(|(id, _)| id.as_str())
            .collect::<Vec<_>>(),
        [saved::ORDER]
    );
    saved::write(&db, &Plan::between(&back.saved, &BTreeMap::new()))
        .await
        .unwrap();
}

#[wasm_bindgen_test]
fn runs_saved_before_the_order_was_kept_come_back_by_key_after_the_ordered_ones() {
    let records = vec![
        ("a".to_string(), "{a}".to_string()),
        ("b".to_string(), "{b}".to_string()),
        ("c".to_string(), "{c}".to_string()),
        (saved::ORDER.to_string(), r#"["c", "gone"]"#.to_string()),
    ];
    let restored = saved::in_saved_order(records);
    let ids: Vec<&str> = restored.runs.iter().map(|(id, _)| id.as_str()).collect();
    // `gone` is named but not saved: skipped; `a` and `b` are not named: after, by key.
    assert_eq!(ids, ["c", "a", "b"]);
    assert_eq!(restored.saved.len(), 4);
    // No order record at all (a database of an older page): by key.
    let old = saved::in_saved_order(vec![
        ("b".to_string(), "{b}".to_string()),
        ("a".to_string(), "{a}".to_string()),
    ]);
    assert_eq!(old.runs[0].0, "a");
}

/// A store of `quota` bytes that takes a plan whole or not at all, as an IndexedDB
/// transaction does: Chromium does not let a test shrink its quota for IndexedDB (it takes
/// `Storage.overrideQuotaForOrigin` and still writes past it), so the full store is this.
struct Small {
    quota: usize,
    held: std::cell::RefCell<BTreeMap<String, String>>,
}

impl saved::Keeper for Small {
    async fn write_plan(&self, plan: &Plan) -> Result<(), String> {
        let mut next = self.held.borrow().clone();
        for id in &plan.delete {
            next.remove(id);
        }
        next.extend(plan.put.iter().cloned());
        let bytes: usize = next.values().map(String::len).sum();
        if bytes > self.quota {
            return Err(format!(
                "QuotaExceededError: {bytes} bytes of {}",
                self.quota
            ));
        }
        *self.held.borrow_mut() = next;
        Ok(())
    }
}

/// One save as the page makes it (components::App): what is saved moves on only when the
/// plan is written, and the store's card follows. Whether it was written.
async fn save(
    keeper: &impl saved::Keeper,
    runs: Vec<(String, String)>,
    store: &mut benchdash_app::store::Store,
    in_database: &mut Saved,
) -> bool {
    match saved::save(keeper, in_database, &saved::wanted(runs)).await {
        saved::Saving::Written(plan) => {
            plan.apply(in_database);
            store.storage_written();
            true
        }
        saved::Saving::Refused(why) => {
            store.storage_refused(why);
            false
        }
        saved::Saving::Unchanged => true,
    }
}

#[wasm_bindgen_test]
async fn a_full_store_keeps_what_it_had_says_so_once_and_takes_the_runs_once_there_is_room() {
    let small = Small {
        quota: 400,
        held: Default::default(),
    };
    let run = |i: usize| {
        (
            format!("r{i}"),
            format!("{{\"run\": {i}, \"pad\": \"{}\"}}", "x".repeat(60)),
        )
    };
    let mut store = benchdash_app::store::Store::default();
    let mut in_database = Saved::new();
    // Two runs fit.
    assert!(
        save(
            &small,
            (0..2).map(run).collect(),
            &mut store,
            &mut in_database
        )
        .await
    );
    assert_eq!(small.held.borrow().len(), 3, "two runs and the order");
    assert!(!store.has_storage_card());
    // Six do not: nothing of them is written, and what is saved still says two.
    let six: Vec<_> = (0..6).map(run).collect();
    assert!(!save(&small, six.clone(), &mut store, &mut in_database).await);
    assert_eq!(
        small.held.borrow().keys().collect::<Vec<_>>(),
        ["", "r0", "r1"],
        "the store keeps what it had"
    );
    assert_eq!(in_database.len(), 3);
    assert!(store.has_storage_card());
    // Refused again: still one card.
    assert!(!save(&small, six.clone(), &mut store, &mut in_database).await);
    assert_eq!(store.errors.len(), 1, "{:?}", store.errors);
    assert!(store.errors[0].message.contains("QuotaExceededError"));
    // With room, the same save is written whole, and the card goes.
    let roomy = Small {
        quota: 10_000,
        held: std::cell::RefCell::new(small.held.borrow().clone()),
    };
    match saved::save(&roomy, &in_database, &saved::wanted(six)).await {
        saved::Saving::Written(plan) => {
            assert_eq!(
                plan.put.len(),
                5,
                "four runs and the order: r0 and r1 are there"
            );
            plan.apply(&mut in_database);
            store.storage_written();
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(roomy.held.borrow().len(), 7);
    assert_eq!(in_database.len(), 7);
    assert!(!store.has_storage_card());
}
