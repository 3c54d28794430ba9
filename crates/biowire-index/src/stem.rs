//! The English analyzer of the title and body (`en_stem`), with a memo of stems.
//!
//! It is tantivy's own `en_stem` (simple tokenizer, tokens over 40 bytes dropped, lowercased,
//! Snowball English stemmer) except that each word's stem is remembered: a page's words
//! repeat, and the stemmer was a quarter of indexing. The index it writes is the same, so
//! indexes built before and after read alike.

use std::collections::HashMap;
use tantivy::tokenizer::{
    LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer, Token, TokenFilter, TokenStream, Tokenizer,
};

/// The name the schema's English text fields give their analyzer.
pub(crate) const NAME: &str = "en_stem";

/// Words remembered per analyzer before the memo starts over, so a long ingest of varied text
/// keeps a bounded memo (about 4 MB).
const MEMO_WORDS: usize = 50_000;

/// The analyzer registered under [`NAME`].
pub(crate) fn analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(MemoStemmer)
        .build()
}

/// A token filter that stems English words as tantivy's `Stemmer` does, remembering stems.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct MemoStemmer;

impl TokenFilter for MemoStemmer {
    type Tokenizer<T: Tokenizer> = MemoStemmerFilter<T>;

    fn transform<T: Tokenizer>(self, inner: T) -> MemoStemmerFilter<T> {
        MemoStemmerFilter { inner, memo: HashMap::new() }
    }
}

/// [`MemoStemmer`] around a tokenizer; the memo lives as long as the analyzer (one per
/// indexing thread).
#[derive(Clone)]
pub(crate) struct MemoStemmerFilter<T> {
    inner: T,
    memo: HashMap<String, String>,
}

impl<T: Tokenizer> Tokenizer for MemoStemmerFilter<T> {
    type TokenStream<'a> = MemoStemmerStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        if self.memo.len() > MEMO_WORDS {
            self.memo.clear();
        }
        MemoStemmerStream {
            tail: self.inner.token_stream(text),
            memo: &mut self.memo,
            stemmer: frostem::Stemmer::new(frostem::Algorithm::English),
        }
    }
}

/// The token stream of [`MemoStemmerFilter`].
pub(crate) struct MemoStemmerStream<'a, T> {
    tail: T,
    memo: &'a mut HashMap<String, String>,
    stemmer: frostem::Stemmer,
}

impl<T: TokenStream> TokenStream for MemoStemmerStream<'_, T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        match self.memo.get(token.text.as_str()) {
            Some(stem) => {
                token.text.clear();
                token.text.push_str(stem);
            }
            None => {
                let stem = self.stemmer.stem(&token.text).into_owned();
                self.memo.insert(std::mem::replace(&mut token.text, stem.clone()), stem);
            }
        }
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::tokenizer::{Language, Stemmer};

    fn tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<(String, usize, usize, usize)> {
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while let Some(t) = stream.next() {
            out.push((t.text.clone(), t.offset_from, t.offset_to, t.position));
        }
        out
    }

    #[test]
    fn stems_as_tantivys_en_stem_does_also_when_words_repeat() {
        let mut tantivys = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(40))
            .filter(LowerCaser)
            .filter(Stemmer::new(Language::English))
            .build();
        let mut ours = analyzer();
        let texts = [
            "Acme Bio Dosed the First Patients; dosing continues, and patients were dosed again.",
            "Running runners ran: generalizations GENERALIZATION généralisations naïve Ελληνικά",
            "a-word-longer-than-forty-bytes-is-dropped-by-both-analyzers-entirely and kept words",
            "Dosed dosed DOSED patients PATIENTS",
        ];
        // Twice: the second pass reads every stem from the memo.
        for text in texts.iter().chain(&texts) {
            assert_eq!(tokens(&mut ours, text), tokens(&mut tantivys, text), "{text}");
        }
        assert_eq!(tokens(&mut ours, "dosing")[0].0, "dose");
    }

    #[test]
    fn the_memo_starts_over_when_full() {
        let mut filter = MemoStemmer.transform(SimpleTokenizer::default());
        let text: String = (0..MEMO_WORDS + 10).map(|i| format!("w{i} ")).collect();
        {
            let mut stream = filter.token_stream(&text);
            while stream.advance() {}
        }
        assert!(filter.memo.len() > MEMO_WORDS);
        let _ = filter.token_stream("again");
        assert!(filter.memo.is_empty());
    }
}
