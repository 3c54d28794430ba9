//! The query language shared by the command line and (later) the HTTP API:
//!
//! ```text
//! lupus antigen:CD19 disease:"lupus nephritis" milestone:first_patient_dosed
//! cell_source:allogeneic company:carsgen date:>=2026-01-01 (antigen:BCMA OR antigen:GPRC5D) NOT modality:ADC
//! ```
//!
//! Words and "phrases" search title and body; `field:value` filters exactly; terms next to each
//! other must all match (AND is implied), `OR` and `NOT` (or a leading `-`) combine them, and
//! parentheses group. A malformed query is an error that points at the character where it went
//! wrong; parsing never panics.

use std::fmt;

/// Fields a query may filter on.
pub const FIELDS: &[&str] = &[
    "antigen",
    "disease",
    "milestone",
    "company",
    "product",
    "modality",
    "cell_source",
    "publisher",
    "date",
    "title",
];

/// A parsed query.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Expr {
    /// All of these.
    And(Vec<Expr>),
    /// Any of these.
    Or(Vec<Expr>),
    /// Not this.
    Not(Box<Expr>),
    /// A word or phrase in title or body.
    Text(String),
    /// `field:value`.
    Field(String, String),
    /// `date:>=2026-01-01` and friends.
    Date(Cmp, String),
}

/// Comparison of a date filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Cmp {
    /// `date:2026-01` (within that day, month or year).
    Eq,
    /// `date:>`.
    Gt,
    /// `date:>=`.
    Ge,
    /// `date:<`.
    Lt,
    /// `date:<=`.
    Le,
}

/// A query that does not parse, with the character position of the problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryError {
    /// Zero-based character offset in the query.
    pub position: usize,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "at character {}: {}", self.position + 1, self.message)
    }
}

impl std::error::Error for QueryError {}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok {
    Word(String),
    Phrase(String),
    Colon,
    LParen,
    RParen,
    Minus,
}

/// Splits the query into tokens with their character positions.
fn lex(input: &str) -> Result<Vec<(usize, Tok)>, QueryError> {
    let chars: Vec<char> = input.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            _ if c.is_whitespace() => i += 1,
            '(' => {
                out.push((i, Tok::LParen));
                i += 1;
            }
            ')' => {
                out.push((i, Tok::RParen));
                i += 1;
            }
            ':' => {
                out.push((i, Tok::Colon));
                i += 1;
            }
            '-' if out.last().is_none_or(|(_, t)| !matches!(t, Tok::Colon))
                && chars.get(i + 1).is_some_and(|n| !n.is_whitespace()) =>
            {
                out.push((i, Tok::Minus));
                i += 1;
            }
            '"' | '“' | '”' => {
                let start = i;
                i += 1;
                let mut s = String::new();
                while i < chars.len() && !matches!(chars[i], '"' | '”' | '“') {
                    s.push(chars[i]);
                    i += 1;
                }
                if i >= chars.len() {
                    return Err(QueryError { position: start, message: "unclosed quotation mark".into() });
                }
                i += 1;
                out.push((start, Tok::Phrase(s.trim().to_string())));
            }
            _ => {
                let start = i;
                let mut s = String::new();
                while i < chars.len()
                    && !chars[i].is_whitespace()
                    && !matches!(chars[i], '(' | ')' | ':' | '"' | '“' | '”')
                {
                    s.push(chars[i]);
                    i += 1;
                }
                out.push((start, Tok::Word(s)));
            }
        }
    }
    Ok(out)
}

struct Parser {
    toks: Vec<(usize, Tok)>,
    pos: usize,
    end: usize,
    depth: usize,
}

/// Deepest nesting of parentheses and NOTs accepted: enough for people, and a bound on the
/// recursion for machines.
const MAX_DEPTH: usize = 32;

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos).map(|(_, t)| t)
    }

    fn at(&self) -> usize {
        self.toks.get(self.pos).map_or(self.end, |(p, _)| *p)
    }

    fn err<T>(&self, message: impl Into<String>) -> Result<T, QueryError> {
        Err(QueryError { position: self.at(), message: message.into() })
    }

    fn is_keyword(&self, k: &str) -> bool {
        matches!(self.peek(), Some(Tok::Word(w)) if w == k)
    }

    fn or(&mut self) -> Result<Expr, QueryError> {
        let mut items = vec![self.and()?];
        while self.is_keyword("OR") {
            self.pos += 1;
            items.push(self.and()?);
        }
        Ok(if items.len() == 1 { items.pop().expect("one item") } else { Expr::Or(items) })
    }

    fn and(&mut self) -> Result<Expr, QueryError> {
        let mut items = vec![self.unary()?];
        loop {
            if self.is_keyword("AND") {
                self.pos += 1;
                items.push(self.unary()?);
                continue;
            }
            match self.peek() {
                None | Some(Tok::RParen) => break,
                Some(Tok::Word(w)) if w == "OR" => break,
                _ => items.push(self.unary()?),
            }
        }
        Ok(if items.len() == 1 { items.pop().expect("one item") } else { Expr::And(items) })
    }

    fn unary(&mut self) -> Result<Expr, QueryError> {
        if self.is_keyword("NOT") || matches!(self.peek(), Some(Tok::Minus)) {
            self.pos += 1;
            self.depth += 1;
            if self.depth > MAX_DEPTH {
                return self.err("query nests too deeply");
            }
            let inner = self.unary()?;
            self.depth -= 1;
            return Ok(Expr::Not(Box::new(inner)));
        }
        self.primary()
    }

    fn primary(&mut self) -> Result<Expr, QueryError> {
        let Some((start, tok)) = self.toks.get(self.pos).cloned() else {
            return self.err("expected a word, a phrase or field:value");
        };
        match tok {
            Tok::LParen => {
                self.pos += 1;
                self.depth += 1;
                if self.depth > MAX_DEPTH {
                    return self.err("query nests too deeply");
                }
                let e = self.or()?;
                if !matches!(self.peek(), Some(Tok::RParen)) {
                    return Err(QueryError { position: start, message: "unclosed parenthesis".into() });
                }
                self.pos += 1;
                self.depth -= 1;
                Ok(e)
            }
            Tok::RParen => self.err("unexpected `)`"),
            Tok::Colon => self.err("unexpected `:` (write field:value)"),
            Tok::Minus => self.err("unexpected `-`"),
            Tok::Phrase(p) => {
                self.pos += 1;
                Ok(Expr::Text(p))
            }
            Tok::Word(w) => {
                self.pos += 1;
                if !matches!(self.peek(), Some(Tok::Colon)) {
                    return Ok(Expr::Text(w));
                }
                let field = w.to_lowercase();
                if !FIELDS.contains(&field.as_str()) {
                    return Err(QueryError {
                        position: start,
                        message: format!("unknown field `{w}` (fields: {})", FIELDS.join(", ")),
                    });
                }
                self.pos += 1;
                let value = match self.toks.get(self.pos).cloned() {
                    Some((_, Tok::Word(v))) | Some((_, Tok::Phrase(v))) => v,
                    _ => return self.err(format!("expected a value after `{field}:`")),
                };
                let value_at = self.at();
                self.pos += 1;
                if field == "date" {
                    return date_filter(&value, value_at);
                }
                Ok(Expr::Field(field, value))
            }
        }
    }
}

fn date_filter(value: &str, at: usize) -> Result<Expr, QueryError> {
    let (cmp, rest) = [(">=", Cmp::Ge), ("<=", Cmp::Le), (">", Cmp::Gt), ("<", Cmp::Lt)]
        .iter()
        .find_map(|(p, c)| value.strip_prefix(p).map(|r| (*c, r)))
        .unwrap_or((Cmp::Eq, value));
    if crate::date_key(rest).is_none() {
        return Err(QueryError {
            position: at,
            message: format!("`{rest}` is not a date (use YYYY-MM-DD, YYYY-MM or YYYY)"),
        });
    }
    Ok(Expr::Date(cmp, rest.to_string()))
}

/// Parses a query. The empty query is `Ok(None)`: everything matches.
pub fn parse(input: &str) -> Result<Option<Expr>, QueryError> {
    let toks = lex(input)?;
    if toks.is_empty() {
        return Ok(None);
    }
    let mut p = Parser { toks, pos: 0, end: input.chars().count(), depth: 0 };
    let e = p.or()?;
    if p.pos < p.toks.len() {
        return p.err("unexpected `)`");
    }
    Ok(Some(e))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn f(name: &str, v: &str) -> Expr {
        Expr::Field(name.into(), v.into())
    }

    #[test]
    fn fields_phrases_and_implied_and() {
        let e = parse(r#"lupus antigen:CD19 disease:"lupus nephritis" date:>=2026-01-01"#).unwrap().unwrap();
        assert_eq!(
            e,
            Expr::And(vec![
                Expr::Text("lupus".into()),
                f("antigen", "CD19"),
                f("disease", "lupus nephritis"),
                Expr::Date(Cmp::Ge, "2026-01-01".into()),
            ])
        );
    }

    #[test]
    fn or_not_minus_and_parentheses() {
        let e = parse("(antigen:BCMA OR antigen:GPRC5D) NOT modality:ADC -company:acme").unwrap().unwrap();
        assert_eq!(
            e,
            Expr::And(vec![
                Expr::Or(vec![f("antigen", "BCMA"), f("antigen", "GPRC5D")]),
                Expr::Not(Box::new(f("modality", "ADC"))),
                Expr::Not(Box::new(f("company", "acme"))),
            ])
        );
        assert_eq!(parse("CD19-directed").unwrap().unwrap(), Expr::Text("CD19-directed".into()));
        assert_eq!(parse("   ").unwrap(), None);
    }

    #[test]
    fn errors_point_at_the_problem() {
        let cases = [
            ("antigen:CD19 (lupus", 13, "unclosed parenthesis"),
            ("colour:red", 0, "unknown field `colour`"),
            ("date:>=last-week", 5, "is not a date"),
            ("lupus )", 6, "unexpected `)`"),
            ("disease:\"lupus", 8, "unclosed quotation mark"),
            ("antigen:", 8, "expected a value"),
        ];
        for (q, pos, msg) in cases {
            let e = parse(q).unwrap_err();
            assert_eq!(e.position, pos, "{q}: {e}");
            assert!(e.message.contains(msg), "{q}: {e}");
        }
        let deep = "(".repeat(100) + "x" + &")".repeat(100);
        assert!(parse(&deep).unwrap_err().message.contains("nests too deeply"));
    }

    proptest! {
        #[test]
        fn parse_never_panics(q in "\\PC{0,80}") {
            let _ = parse(&q);
        }

        #[test]
        fn operator_soup_never_panics(parts in proptest::collection::vec(prop_oneof![
            Just("("), Just(")"), Just("OR"), Just("AND"), Just("NOT"), Just("-"), Just(":"), Just("\""),
            Just("antigen"), Just("date"), Just(">=2026"), Just("x")], 0..40)) {
            let _ = parse(&parts.join(" "));
            let _ = parse(&parts.concat());
        }
    }
}
