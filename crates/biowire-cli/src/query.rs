//! From what the user typed (query text, flags) to an index query: the query language's
//! expression with each flag as a clause, and antigen, disease and milestone values made
//! canonical through the extraction dictionaries.

use crate::cli::Filters;
use anyhow::{bail, Result};
use biowire_core::MilestoneKind;
use biowire_extract::Terms;
use biowire_index::query_lang::{self, Cmp, Expr};
use biowire_index::{Query, Sort};

/// Turns the query text and the command-line filters into one index query: the text is
/// parsed by the query language, each flag adds a clause (repeated flags are alternatives),
/// and antigen, disease and milestone values go through the extraction dictionaries.
pub(crate) fn to_query(
    terms: Terms<'_>,
    text: Option<&str>,
    f: &Filters,
    limit: Option<usize>,
    sort: Sort,
) -> Result<Query> {
    let mut clauses = Vec::new();
    if let Some(t) = text {
        let parsed = query_lang::parse(t).map_err(|e| anyhow::anyhow!("invalid query `{t}`: {e}"))?;
        clauses.extend(parsed);
    }
    let any_of = |field: &str, values: &[String]| {
        let mut items: Vec<Expr> = values.iter().map(|v| Expr::Field(field.to_string(), v.clone())).collect();
        if items.len() == 1 {
            items.pop()
        } else if items.is_empty() {
            None
        } else {
            Some(Expr::Or(items))
        }
    };
    clauses.extend(any_of("antigen", &f.antigen));
    clauses.extend(any_of("disease", &f.disease));
    clauses.extend(any_of("milestone", &f.milestone));
    clauses.extend(any_of("company", &f.company));
    for (flag, date, cmp) in [("--since", &f.since, Cmp::Ge), ("--until", &f.until, Cmp::Le)] {
        if let Some(d) = date {
            if biowire_index::date_key(d).is_none() {
                bail!("{flag} `{d}` is not a date: use YYYY-MM-DD, YYYY-MM or YYYY");
            }
            clauses.push(Expr::Date(cmp, d.clone()));
        }
    }
    let expr = match clauses.len() {
        0 => None,
        1 => clauses.pop(),
        _ => Some(Expr::And(clauses)),
    };
    let expr = expr.map(|e| normalize(terms, e, f.include_subtypes)).transpose()?;
    Ok(Query { expr, limit, sort, records_only: false })
}

/// Canonical values for dictionary fields (`antigen:MS4A1` → CD20, `disease:SLE` → systemic
/// lupus erythematosus); a milestone kind must be one of the vocabulary.
pub(crate) fn normalize(terms: Terms<'_>, e: Expr, subtypes: bool) -> Result<Expr> {
    let all =
        |items: Vec<Expr>| items.into_iter().map(|i| normalize(terms, i, subtypes)).collect::<Result<_>>();
    Ok(match e {
        Expr::And(items) => Expr::And(all(items)?),
        Expr::Or(items) => Expr::Or(all(items)?),
        Expr::Not(inner) => Expr::Not(Box::new(normalize(terms, *inner, subtypes)?)),
        Expr::Field(field, value) if field == "antigen" || field == "disease" => {
            // `disease:lupus*` asks for the subtypes too, as `--include-subtypes` does.
            let (value, subtypes) = match value.strip_suffix('*') {
                Some(stem) if field == "disease" && !stem.trim().is_empty() => {
                    (stem.trim().to_string(), true)
                }
                _ => (value, subtypes),
            };
            let known = match field.as_str() {
                "antigen" => terms.normalize_antigen(&value).map(|a| vec![a]),
                _ => terms.disease_search_names(&value, subtypes),
            };
            match known {
                Some(names) if field == "antigen" => Expr::Field(field, names[0].clone()),
                // A disease the dictionaries know is searched exactly (and its subtypes when
                // asked, or when it is a broad class no record carries).
                Some(mut names) => {
                    let mut items: Vec<Expr> = names
                        .drain(..)
                        .map(|n| Expr::Field(biowire_index::EXACT_DISEASE.to_string(), n))
                        .collect();
                    if items.len() == 1 {
                        items.remove(0)
                    } else {
                        Expr::Or(items)
                    }
                }
                None => {
                    // An unknown term is said, and still found where a record carries it as
                    // written or a headline names it (as a mention): not in every body that
                    // happens to use its words, which is what free text is for.
                    eprintln!(
                        "note: `{value}` is not in the {field} vocabulary (config/{}); matching records that carry it as written and headlines that name it (for any text use \"{value}\")",
                        if field == "antigen" { "antigens.tsv" } else { "diseases.tsv.gz" }
                    );
                    Expr::Or(vec![
                        Expr::Field(field, value.clone()),
                        Expr::Field(biowire_index::HEADLINE_MENTION.to_string(), value),
                    ])
                }
            }
        }
        Expr::Field(field, value) => {
            let value = match field.as_str() {
                "milestone" => {
                    value.parse::<MilestoneKind>().map_err(anyhow::Error::msg)?.as_str().to_string()
                }
                _ => value,
            };
            Expr::Field(field, value)
        }
        other => other,
    })
}
