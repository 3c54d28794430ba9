//! Fault injection: the binary is killed with SIGKILL at seeded random moments of ingests and
//! crawls, every kind of file in the data folder is truncated, deleted or overwritten in the
//! middle, the disk fills up, and the folder turns read-only. Each time the binary must not
//! panic, must say what is wrong in the user's terms, must keep what it had committed, and,
//! after the documented recovery, must export exactly what an undisturbed run exports.
//!
//! The disk-full and read-only cases need root (a tmpfs and a read-only bind mount); without
//! it they say that they were skipped and pass.

use assert_cmd::cargo::CommandCargoExt;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/newsroom").canonicalize().unwrap()
}

/// A small deterministic generator (SplitMix64): the kill points are the same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

fn biowire(data: &Path) -> Command {
    let mut c = Command::cargo_bin("biowire").unwrap();
    c.env("BIOWIRE_DATA_DIR", data).env_remove("BIOWIRE_LOG");
    c
}

/// Runs the binary; returns exit code, stdout, stderr. A panic is always a failure.
fn run(data: &Path, args: &[&str]) -> (i32, String, String) {
    let out = biowire(data).args(args).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!stderr.contains("panicked at") && out.status.code() != Some(101), "{args:?} panicked: {stderr}");
    (out.status.code().unwrap_or(-1), stdout, stderr)
}

/// The exported records, as a sorted list of their ids and document URLs.
fn export(data: &Path) -> Vec<(String, String)> {
    let (code, out, err) = run(data, &["export"]);
    assert_eq!(code, 0, "export failed: {err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    let mut ids: Vec<(String, String)> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["id"].as_str().unwrap().to_string(), r["document"]["url"].as_str().unwrap().to_string()))
        .collect();
    ids.sort();
    ids
}

/// A folder of releases: the fixture newsroom, copied.
fn pages(root: &Path) -> PathBuf {
    let dir = root.join("pages");
    std::fs::create_dir_all(&dir).unwrap();
    for e in std::fs::read_dir(fixtures()).unwrap().flatten() {
        let p = e.path();
        if p.extension().is_some_and(|x| x == "html" || x == "txt") {
            std::fs::copy(&p, dir.join(p.file_name().unwrap())).unwrap();
        }
    }
    dir
}

/// What an undisturbed ingest of `pages` exports.
fn reference(root: &Path, pages: &Path) -> Vec<(String, String)> {
    let data = root.join("reference");
    let (code, _, err) = run(&data, &["ingest", pages.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    export(&data)
}

/// Starts `args`, kills it with SIGKILL after `after` (or when it has ended), and says whether
/// the kill landed while it ran.
fn kill_after(data: &Path, args: &[&str], after: Duration) -> bool {
    let mut child = biowire(data).args(args).stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap();
    let start = Instant::now();
    while start.elapsed() < after {
        if child.try_wait().unwrap().is_some() {
            return false;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    let landed = child.try_wait().unwrap().is_none();
    let _ = child.kill();
    let _ = child.wait();
    landed
}

#[test]
fn ingests_killed_at_random_moments_lose_nothing_committed() {
    let root = tempfile::tempdir().unwrap();
    let pages = pages(root.path());
    let expected = reference(root.path(), &pages);
    // How long an undisturbed ingest takes here: kill points spread over it.
    let t = Instant::now();
    let timing = root.path().join("timing");
    run(&timing, &["ingest", pages.to_str().unwrap()]);
    let mut span = t.elapsed().as_millis() as u64;
    let mut rng = Rng(0x00b1_0417);
    let mut landed = 0;
    // At least 12 kill points, more until 8 kills landed: a run that finished before its kill
    // point was faster than the timing run, and later points are drawn from its shorter span.
    let mut point = 0;
    while point < 40 && (point < 12 || landed < 8) {
        point += 1;
        let data = root.path().join(format!("kill{point}"));
        // Some runs are killed twice before they are let finish.
        for _ in 0..(1 + rng.below(2)) {
            let ms = rng.below(span + 50);
            let hit = kill_after(&data, &["ingest", pages.to_str().unwrap()], Duration::from_millis(ms));
            if !hit {
                span = span.min(ms);
            }
            landed += usize::from(hit);
            if data.join("index/meta.json").exists() {
                let (code, out, err) = run(&data, &["check"]);
                assert_eq!(code, 0, "a kill left damage at point {point}: {out}{err}");
                let partial = export(&data);
                assert!(
                    partial.iter().all(|r| expected.contains(r)),
                    "a killed ingest exported a record of no run"
                );
            }
        }
        let (code, _, err) = run(&data, &["ingest", pages.to_str().unwrap()]);
        assert_eq!(code, 0, "the ingest after a kill failed at point {point}: {err}");
        assert_eq!(export(&data), expected, "kill point {point}");
        let leftovers: Vec<PathBuf> = walk(&data.join("documents"))
            .into_iter()
            .filter(|p| p.file_name().is_some_and(|n| n.to_string_lossy().contains(".json.tmp")))
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
    }
    assert!(landed >= 8, "only {landed} kills landed while an ingest ran");
}

#[test]
fn crawls_killed_at_random_moments_resume_with_nothing_lost() {
    let root = tempfile::tempdir().unwrap();
    let pages = pages(root.path());
    // A file:// feed of the pages, crawled with a commit every second.
    let config = local_crawl(root.path(), &pages, "commit_secs = 1");
    let cfg = config.to_str().unwrap();
    let reference = root.path().join("reference");
    let (code, _, err) = run(&reference, &["crawl", "--config", cfg]);
    assert_eq!(code, 0, "{err}");
    let expected = export(&reference);
    assert!(expected.len() >= 20, "{expected:?}");
    let t = Instant::now();
    run(&root.path().join("timing"), &["crawl", "--config", cfg]);
    let mut span = t.elapsed().as_millis() as u64;
    let mut rng = Rng(0x000c_4a71);
    let mut landed = 0;
    // As for ingests: at least 10 points, more (from a shorter span) until 6 kills landed.
    let mut point = 0;
    while point < 40 && (point < 10 || landed < 6) {
        point += 1;
        let data = root.path().join(format!("kill{point}"));
        let ms = rng.below(span + 50);
        let hit = kill_after(&data, &["crawl", "--config", cfg], Duration::from_millis(ms));
        if !hit {
            span = span.min(ms);
        }
        landed += usize::from(hit);
        if data.join("index/meta.json").exists() {
            let (code, out, err) = run(&data, &["check"]);
            assert_eq!(code, 0, "a kill left damage at point {point}: {out}{err}");
        }
        let (code, _, err) = run(&data, &["crawl", "--config", cfg]);
        assert_eq!(code, 0, "the crawl after a kill failed at point {point}: {err}");
        assert_eq!(export(&data), expected, "kill point {point}");
    }
    assert!(landed >= 6, "only {landed} kills landed while a crawl ran");
}

/// A file:// feed listing every page of `pages`, and a crawl configuration for it (with
/// `crawl_settings` lines under `[crawl]`).
fn local_crawl(root: &Path, pages: &Path, crawl_settings: &str) -> PathBuf {
    let mut names: Vec<PathBuf> = std::fs::read_dir(pages).unwrap().flatten().map(|e| e.path()).collect();
    names.sort();
    let items: String =
        names.iter().map(|p| format!("<item><link>file://{}</link></item>", p.display())).collect();
    let feed = root.join("feed.xml");
    std::fs::write(
        &feed,
        format!(
            "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>t</title>{items}</channel></rss>"
        ),
    )
    .unwrap();
    let config = root.join("crawl.toml");
    std::fs::write(
        &config,
        format!("[crawl]\n{crawl_settings}\n\n[[source]]\nname = \"local\"\nkind = \"rss\"\nurl = \"file://{}\"\ndelay_ms = 0\n", feed.display()),
    )
    .unwrap();
    config
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(walk(&p));
            } else {
                out.push(p);
            }
        }
    }
    out
}

/// Ways to damage a file.
#[derive(Debug, Clone, Copy)]
enum Damage {
    Truncate,
    Delete,
    Garbage,
}

fn damage(path: &Path, how: Damage) {
    match how {
        Damage::Delete => std::fs::remove_file(path).unwrap(),
        Damage::Truncate => {
            let len = std::fs::metadata(path).unwrap().len();
            let f = std::fs::OpenOptions::new().write(true).open(path).unwrap();
            f.set_len(len / 2).unwrap();
        }
        Damage::Garbage => {
            let mut bytes = std::fs::read(path).unwrap();
            let mid = bytes.len() / 2;
            let end = (mid + 16).min(bytes.len());
            for b in &mut bytes[mid..end] {
                *b ^= 0xa5;
            }
            std::fs::write(path, bytes).unwrap();
        }
    }
}

#[test]
fn every_kind_of_damaged_index_file_is_named_and_reindex_restores_the_export() {
    let root = tempfile::tempdir().unwrap();
    let pages = pages(root.path());
    let expected = reference(root.path(), &pages);
    let base = root.path().join("base");
    run(&base, &["ingest", pages.to_str().unwrap()]);
    let kinds = ["meta.json", "idx", "term", "store", "pos", "fast", "fieldnorm"];
    for kind in kinds {
        for how in [Damage::Truncate, Damage::Delete, Damage::Garbage] {
            let data = root.path().join(format!("{kind}-{how:?}"));
            copy_dir(&base, &data);
            let target = walk(&data.join("index"))
                .into_iter()
                .find(|p| {
                    let name = p.file_name().unwrap().to_string_lossy().to_string();
                    if kind == "meta.json" {
                        name == "meta.json"
                    } else {
                        p.extension().is_some_and(|e| e == kind)
                    }
                })
                .unwrap_or_else(|| panic!("no {kind} file"));
            damage(&target, how);
            let name = target.file_name().unwrap().to_string_lossy().to_string();
            for args in [vec!["search", "CD19"], vec!["export"], vec!["ingest", pages.to_str().unwrap()]] {
                let (code, out, err) = run(&data, &args);
                assert_ne!(code, 0, "{kind} {how:?}: {args:?} ran on a damaged index: {out}");
                assert!(err.contains("reindex"), "{kind} {how:?} {args:?}: {err}");
                assert!(err.contains(&name) || err.contains("index"), "{kind} {how:?} {args:?}: {err}");
                assert_eq!(err.trim().lines().count(), 1, "one cause, once: {err}");
            }
            let (code, _, err) = run(&data, &["reindex"]);
            assert_eq!(code, 0, "{kind} {how:?}: {err}");
            assert_eq!(export(&data), expected, "{kind} {how:?}");
        }
    }
}

#[test]
fn damaged_store_files_and_crawl_state_are_said_and_recovered() {
    let root = tempfile::tempdir().unwrap();
    let pages = pages(root.path());
    let expected = reference(root.path(), &pages);
    let base = root.path().join("base");
    run(&base, &["ingest", pages.to_str().unwrap()]);
    for how in [Damage::Truncate, Damage::Delete, Damage::Garbage] {
        let data = root.path().join(format!("store-{how:?}"));
        copy_dir(&base, &data);
        let file = walk(&data.join("documents"))
            .into_iter()
            .find(|p| p.extension().is_some_and(|e| e == "json"))
            .unwrap();
        damage(&file, how);
        // The index still answers; `check` names the damage.
        assert_eq!(export(&data), expected);
        let (code, out, _) = run(&data, &["check"]);
        assert_eq!(code, 1, "{how:?}: {out}");
        assert!(out.contains("document store"), "{how:?}: {out}");
        // Ingesting the pages again restores the stored document.
        let (code, _, err) = run(&data, &["ingest", pages.to_str().unwrap()]);
        assert_eq!(code, 0, "{err}");
        let (code, _, err) = run(&data, &["reindex"]);
        assert_eq!(code, 0, "{how:?}: {err}");
        assert_eq!(export(&data), expected, "{how:?}");
    }
    // The crawl state is a cache: damaged, it is moved aside and the crawl starts over.
    let config = local_crawl(root.path(), &pages, "");
    let cfg = config.to_str().unwrap();
    let crawled = root.path().join("crawled");
    run(&crawled, &["crawl", "--config", cfg]);
    let expected = export(&crawled);
    for how in [Damage::Truncate, Damage::Delete, Damage::Garbage] {
        let data = root.path().join(format!("state-{how:?}"));
        copy_dir(&crawled, &data);
        damage(&data.join("crawl-state.redb"), how);
        let (code, _, err) = run(&data, &["crawl", "--config", cfg]);
        assert_eq!(code, 0, "{how:?}: {err}");
        // redb repairs some damage itself; what it cannot is moved aside, and said.
        if err.contains("damaged") {
            assert!(err.contains("crawl state was damaged") && err.contains("moved to"), "{how:?}: {err}");
        }
        assert_eq!(export(&data), expected, "{how:?}");
        let (code, _, err) = run(&data, &["crawl", "--config", cfg]);
        assert_eq!(code, 0, "{how:?}: {err}");
        assert!(!err.contains("damaged"), "the new state is sound: {err}");
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        let p = e.path();
        let dest = to.join(e.file_name());
        if p.is_dir() {
            copy_dir(&p, &dest);
        } else {
            std::fs::copy(&p, &dest).unwrap();
        }
    }
}

/// Mounts with `mount(8)`; false (and the reason printed) when this machine does not allow it.
fn mount(args: &[&str], what: &str) -> bool {
    match Command::new("mount").args(args).output() {
        Ok(o) if o.status.success() => true,
        Ok(o) => {
            eprintln!("SKIPPED {what}: mount failed: {}", String::from_utf8_lossy(&o.stderr).trim());
            false
        }
        Err(e) => {
            eprintln!("SKIPPED {what}: cannot run mount: {e}");
            false
        }
    }
}

fn umount(dir: &Path) {
    let _ = Command::new("umount").arg(dir).status();
}

#[test]
fn a_full_disk_keeps_what_was_committed_and_says_so() {
    let root = tempfile::tempdir().unwrap();
    let pages = pages(root.path());
    let disk = root.path().join("disk");
    std::fs::create_dir_all(&disk).unwrap();
    if !mount(&["-t", "tmpfs", "-o", "size=24m", "tmpfs", disk.to_str().unwrap()], "full disk") {
        return;
    }
    let data = disk.join("data");
    let half = root.path().join("half");
    std::fs::create_dir_all(&half).unwrap();
    let mut names: Vec<PathBuf> = std::fs::read_dir(&pages).unwrap().flatten().map(|e| e.path()).collect();
    names.sort();
    for p in &names[..names.len() / 2] {
        std::fs::copy(p, half.join(p.file_name().unwrap())).unwrap();
    }
    let (code, _, err) = run(&data, &["ingest", half.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let before = export(&data);
    // Fill the disk to the last byte.
    let filler = disk.join("filler");
    let mut f = std::fs::File::create(&filler).unwrap();
    let block = vec![0u8; 1 << 16];
    while std::io::Write::write_all(&mut f, &block).is_ok() {}
    drop(f);
    let (code, _, err) = run(&data, &["ingest", pages.to_str().unwrap()]);
    assert_ne!(code, 0, "an ingest onto a full disk cannot succeed");
    assert!(err.contains("disk full") || err.contains("No space left"), "{err}");
    assert!(!err.contains("thread"), "said in the user's terms: {err}");
    assert_eq!(export(&data), before, "what was committed before the disk filled is kept");
    std::fs::remove_file(&filler).unwrap();
    let (code, _, err) = run(&data, &["ingest", pages.to_str().unwrap()]);
    assert_eq!(code, 0, "with room again the ingest completes: {err}");
    let (code, out, err) = run(&data, &["check"]);
    assert_eq!(code, 0, "{out}{err}");
    umount(&disk);
}

#[test]
fn a_read_only_data_folder_is_searched_and_exported_but_not_written() {
    let root = tempfile::tempdir().unwrap();
    let pages = pages(root.path());
    let data = root.path().join("data");
    run(&data, &["ingest", pages.to_str().unwrap()]);
    let expected = export(&data);
    let ro = root.path().join("ro");
    std::fs::create_dir_all(&ro).unwrap();
    if !mount(&["--bind", data.to_str().unwrap(), ro.to_str().unwrap()], "read-only folder") {
        return;
    }
    if !mount(&["-o", "remount,bind,ro", ro.to_str().unwrap()], "read-only folder") {
        umount(&ro);
        return;
    }
    assert_eq!(export(&ro), expected);
    let (code, out, err) = run(&ro, &["search", "--antigen", "CD19"]);
    assert_eq!(code, 0, "{err}");
    assert!(!out.trim().is_empty());
    let (code, _, err) = run(&ro, &["ingest", pages.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("read-only"), "{err}");
    umount(&ro);
}

#[test]
fn a_page_whose_document_was_lost_is_fetched_and_indexed_again() {
    let root = tempfile::tempdir().unwrap();
    let pages = pages(root.path());
    let config = local_crawl(root.path(), &pages, "");
    let cfg = config.to_str().unwrap();
    let data = root.path().join("data");
    run(&data, &["crawl", "--config", cfg]);
    let expected = export(&data);
    // One stored document is lost, and a reindex drops it from the index.
    let (_, out, _) = run(&data, &["export"]);
    let records: Value = serde_json::from_str(&out).unwrap();
    let sha = records[0]["document"]["content_sha256"].as_str().unwrap().to_string();
    let lost = walk(&data.join("documents"))
        .into_iter()
        .find(|p| p.file_stem().is_some_and(|n| n.to_string_lossy() == sha))
        .expect("a document with records is stored");
    std::fs::remove_file(&lost).unwrap();
    let (code, _, err) = run(&data, &["reindex"]);
    assert_eq!(code, 1, "a reindex that skipped a document says so: {err}");
    assert!(export(&data).len() < expected.len());
    assert!(err.contains("missing") && err.contains("fetches the page again"), "{err}");
    // The crawl state still knows the page's bytes; the next crawl reads it anyway.
    let (code, _, err) = run(&data, &["crawl", "--config", cfg]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(export(&data), expected);
    assert!(lost.exists(), "the document is stored again");
}
