//! OpenSearch / Elasticsearch `_bulk` NDJSON for records (`export --format bulk`), and sending
//! it (`push --opensearch URL`) with retries on 429 and 5xx and a report of the items refused.
//! Quickwit's ingest API reads the same files with `--action create`.

use anyhow::{bail, Context, Result};
use biowire_core::Record;
use std::time::Duration;

/// The largest bulk body: OpenSearch's default `http.max_content_length` is 100 MB, and 5 to
/// 15 MB is the size its documentation advises per request.
pub(crate) const MAX_CHUNK_BYTES: usize = 10_000_000;

/// The bulk action each record is sent with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Action {
    /// Add or replace the document with the record's id
    Index,
    /// Add only; a record whose id is indexed already is refused (Quickwit's only action)
    Create,
}

impl Action {
    fn name(self) -> &'static str {
        match self {
            Action::Index => "index",
            Action::Create => "create",
        }
    }
}

/// The records as bulk bodies of at most `max_bytes` each (a single record larger than that
/// goes alone), every record an action line and its source line, ids the records' own.
pub(crate) fn chunks(
    records: &[Record],
    index: &str,
    action: Action,
    max_bytes: usize,
) -> Result<Vec<Vec<u8>>> {
    let mut out: Vec<Vec<u8>> = Vec::new();
    let mut current: Vec<u8> = Vec::new();
    for r in records {
        let mut item =
            serde_json::to_vec(&serde_json::json!({ action.name(): { "_index": index, "_id": r.id } }))?;
        item.push(b'\n');
        serde_json::to_writer(&mut item, r)?;
        item.push(b'\n');
        if !current.is_empty() && current.len() + item.len() > max_bytes {
            out.push(std::mem::take(&mut current));
        }
        current.extend_from_slice(&item);
    }
    if !current.is_empty() {
        out.push(current);
    }
    Ok(out)
}

/// What a push did.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Pushed {
    /// Items the cluster took.
    pub(crate) ok: usize,
    /// Items it refused for good: (record id, status, reason).
    pub(crate) failed: Vec<(String, u16, String)>,
    /// Requests sent, retries included.
    pub(crate) requests: usize,
}

/// Sends the bodies to `{url}/_bulk`, one at a time. A request answered 429 or 5xx, or not
/// answered, is sent again after a pause that doubles (`first_wait`, at most `retries` times);
/// items refused with 429 inside a 200 answer are sent again the same way; other refused
/// items are reported with their reason.
pub(crate) async fn push(
    url: &str,
    bodies: Vec<Vec<u8>>,
    retries: u32,
    first_wait: Duration,
) -> Result<Pushed> {
    let endpoint = format!("{}/_bulk", url.trim_end_matches('/'));
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(120))
        .build()
        .context("failed to set up the HTTP client")?;
    let mut pushed = Pushed::default();
    for body in bodies {
        let mut body = body;
        let mut attempt = 0;
        loop {
            pushed.requests += 1;
            let sent = client
                .post(&endpoint)
                .header("content-type", "application/x-ndjson")
                .body(body.clone())
                .send()
                .await;
            let retry = match sent {
                Err(e) => Some(format!("{endpoint}: {e}")),
                Ok(resp) if resp.status().as_u16() == 429 || resp.status().is_server_error() => {
                    Some(format!("{endpoint} answered {}", resp.status()))
                }
                Ok(resp) if !resp.status().is_success() => {
                    let status = resp.status();
                    let text = resp.text().await.unwrap_or_default();
                    bail!("{endpoint} answered {status}: {}", text.chars().take(500).collect::<String>());
                }
                Ok(resp) => {
                    let answer: serde_json::Value = resp
                        .json()
                        .await
                        .with_context(|| format!("{endpoint}: the answer is not bulk JSON"))?;
                    let again = read_items(&answer, &body, &mut pushed)?;
                    if again.is_empty() {
                        None
                    } else {
                        body = again;
                        Some(format!("{endpoint}: some items were refused with 429"))
                    }
                }
            };
            let Some(why) = retry else { break };
            if attempt >= retries {
                bail!("{why}; gave up after {} attempts", attempt + 1);
            }
            eprintln!("warning: {why}; retrying in {:?}", first_wait * 2u32.pow(attempt));
            tokio::time::sleep(first_wait * 2u32.pow(attempt)).await;
            attempt += 1;
        }
    }
    Ok(pushed)
}

/// Counts a bulk answer's items into `pushed` and returns the body of the items to send again
/// (those refused with 429), in their order.
fn read_items(answer: &serde_json::Value, body: &[u8], pushed: &mut Pushed) -> Result<Vec<u8>> {
    let items = answer["items"].as_array().context("the bulk answer has no `items`")?;
    // Two lines per item: its action and its record, in the order the answer's items follow.
    let lines: Vec<&[u8]> = body.split(|b| *b == b'\n').filter(|l| !l.is_empty()).collect();
    let mut again = Vec::new();
    for (n, item) in items.iter().enumerate() {
        let Some((_, result)) = item.as_object().and_then(|o| o.iter().next()) else { continue };
        let status = result["status"].as_u64().unwrap_or(0) as u16;
        let id = result["_id"].as_str().unwrap_or("?").to_string();
        if (200..300).contains(&status) {
            pushed.ok += 1;
        } else if status == 429 && 2 * n + 1 < lines.len() {
            for line in &lines[2 * n..2 * n + 2] {
                again.extend_from_slice(line);
                again.push(b'\n');
            }
        } else {
            let reason = result["error"]["reason"]
                .as_str()
                .or(result["error"]["type"].as_str())
                .unwrap_or("refused")
                .to_string();
            pushed.failed.push((id, status, reason));
        }
    }
    Ok(again)
}

#[cfg(test)]
mod tests {
    use super::*;
    use biowire_core::{Document, Milestone, MilestoneKind, RECORD_SCHEMA};

    fn record(n: usize) -> Record {
        let d = Document::new(format!("file:///r/{n}"), format!("text {n}"));
        Record {
            schema: RECORD_SCHEMA.into(),
            id: format!("id{n:04}"),
            document: d.to_ref(),
            company: Some("Acme Bio, Inc.".into()),
            product: Some(format!("AB-{n}")),
            product_aliases: vec![],
            modality: None,
            cell_source: None,
            targets: vec!["CD19".into()],
            indications: vec![],
            milestone: Milestone {
                kind: MilestoneKind::FirstPatientDosed,
                date: None,
                phase: None,
                trial_id: None,
                authority: None,
            },
            evidence: vec![],
        }
    }

    #[test]
    fn bodies_hold_whole_items_under_the_size_and_use_the_record_ids() {
        let records: Vec<Record> = (0..50).map(record).collect();
        let one = chunks(&records, "rec", Action::Index, MAX_CHUNK_BYTES).unwrap();
        assert_eq!(one.len(), 1);
        let size = one[0].len();
        let lines: Vec<&str> = std::str::from_utf8(&one[0]).unwrap().lines().collect();
        assert_eq!(lines.len(), 100);
        let action: serde_json::Value = serde_json::from_str(lines[0]).unwrap();
        assert_eq!(action, serde_json::json!({"index": {"_index": "rec", "_id": "id0000"}}));
        let source: serde_json::Value = serde_json::from_str(lines[1]).unwrap();
        assert_eq!(source["product"], "AB-0");
        let small = chunks(&records, "rec", Action::Create, size / 4).unwrap();
        assert!(small.len() >= 4, "{}", small.len());
        assert!(small.iter().all(|c| c.len() <= size / 4 && c.ends_with(b"\n")));
        let joined: Vec<u8> = small.concat();
        assert_eq!(joined.len(), size + 50 * ("create".len() - "index".len()));
        assert!(std::str::from_utf8(&joined)
            .unwrap()
            .lines()
            .step_by(2)
            .all(|l| l.starts_with("{\"create\"")));
    }
}
