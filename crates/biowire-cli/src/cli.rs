//! Command-line arguments.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Turns biotech press releases into structured, searchable facts: who dosed which product,
/// against which antigen, for which disease.
#[derive(Debug, Parser)]
#[command(
    name = "biowire",
    version = crate::VERSION,
    about = "Turns biotech press releases into structured, searchable facts",
    long_about = None,
    propagate_version = true
)]
#[command(after_help = "Start with: biowire ingest fixtures/newsroom && biowire search --antigen CD19")]
pub(crate) struct Cli {
    /// Folder for the index and other data [default: ./biowire-data]
    #[arg(
        long,
        global = true,
        env = "BIOWIRE_DATA_DIR",
        hide_env_values = true,
        value_name = "DIR",
        help_heading = "Global options"
    )]
    pub(crate) data_dir: Option<PathBuf>,

    /// A PostgreSQL database shared by many crawl workers and read nodes (postgres://…):
    /// crawl into it, and search, show, export and serve what it holds
    #[arg(
        long,
        global = true,
        env = "BIOWIRE_STORE",
        hide_env_values = true,
        value_name = "URL",
        help_heading = "Global options"
    )]
    pub(crate) store: Option<String>,

    /// More log output on stderr (-v info, -vv debug); BIOWIRE_LOG overrides
    #[arg(short, long, global = true, action = clap::ArgAction::Count, help_heading = "Global options")]
    pub(crate) verbose: u8,

    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Parse, extract and index press releases from files and folders (HTML or text)
    #[command(
        after_help = "Examples:\n  biowire ingest fixtures/newsroom\n  biowire -v ingest release.html more-releases/ --format json"
    )]
    Ingest(IngestArgs),
    /// Crawl the configured sources once: feeds, sitemaps and newsroom listings
    #[command(
        after_help = "Examples:\n  biowire crawl\n  biowire crawl --config my-sources.toml --source newsroom\n\nThe configuration is --config, else BIOWIRE_CONFIG, else config/biowire.toml.\n\nExit status: 0 when the pass ran, even if some URLs failed (they are listed on \
stderr, counted in the summary and retried with backoff); 1 when no source could be read; 2 when \
the pass could not run (configuration, a locked or damaged index, an unwritable data folder)."
    )]
    Crawl(CrawlArgs),
    /// Stay up and crawl on the configuration's cron schedule until Ctrl-C or SIGTERM
    #[command(
        after_help = "Examples:\n  biowire schedule\n  biowire schedule --config my-sources.toml --max-passes 3"
    )]
    Schedule(ScheduleArgs),
    /// Show the parsed document of one file: title, date, publisher and main text
    #[command(
        after_help = "Examples:\n  biowire parse fixtures/newsroom/f01-lumora-allogeneic-cd19-cd20-lupus.html\n  biowire parse https-page-saved.html --format json"
    )]
    Parse(FileArgs),
    /// Show the records of one file without touching the index
    #[command(
        after_help = "Examples:\n  biowire extract fixtures/newsroom/f01-lumora-allogeneic-cd19-cd20-lupus.html\n  biowire extract release.txt --format json"
    )]
    Extract(FileArgs),
    /// Search indexed announcements by text, antigen, disease, company, milestone and date
    #[command(
        after_help = "Examples:\n  biowire search --antigen CD19 --disease lupus\n  biowire search 'antigen:BCMA date:>=2026-01' --facets\n  biowire search --disease lymphoma --include-subtypes --format json\n  biowire search -- -lupus        (a leading - excludes: after --, so it is not taken for an option)"
    )]
    Search(SearchArgs),
    /// Export indexed records as JSON or JSON Lines (schema biowire.record/1)
    #[command(
        after_help = "Examples:\n  biowire export --format jsonl --output records.jsonl\n  biowire export --antigen CD19 --since 2026-01 --include-mentions"
    )]
    Export(ExportArgs),
    /// Send the matching records to OpenSearch or Elasticsearch (`_bulk`, 10 MB per request)
    #[command(
        after_help = "Examples:\n  biowire push --opensearch http://localhost:9200\n  biowire push --opensearch http://localhost:9200 --index cd19-records --antigen CD19\n\nExit status: 0 when every record was taken; 1 when the cluster refused some (each is named \
on stderr with its reason); 2 when a request failed after its retries."
    )]
    Push(PushArgs),
    /// Show one indexed release with its records, each field's evidence, and its mentions
    #[command(
        after_help = "Examples:\n  biowire show 6f3a2b1c\n  biowire show fixtures/newsroom/f01-lumora-allogeneic-cd19-cd20-lupus.html\n  biowire show https://example.com/news/first-patient --format json"
    )]
    Show(ShowArgs),
    /// Count what is indexed: documents, records, by publisher and month, sizes, last crawl
    #[command(after_help = "Examples:\n  biowire stats\n  biowire stats --format json")]
    Stats(StatsArgs),
    /// Remove a release (its document, records and crawl state) from the data folder
    #[command(
        after_help = "Examples:\n  biowire forget fixtures/newsroom/f01-lumora-allogeneic-cd19-cd20-lupus.html\n  biowire forget https://example.com/news/first-patient"
    )]
    Forget(ForgetArgs),
    /// Rebuild the index from the stored documents (after damage or an extractor upgrade)
    #[command(after_help = "Examples:\n  biowire reindex")]
    Reindex,
    /// Verify the index (every segment file's checksum) and the document store
    #[command(
        after_help = "Examples:\n  biowire check\n\nExit status: 0 when everything reads back; 1 when something is damaged \
(the message says what, and `biowire reindex` rebuilds the index from the stored documents)."
    )]
    Check,
    /// Serve the search API and web page over HTTP (loopback unless told otherwise)
    #[command(after_help = "Examples:\n  biowire serve\n  biowire serve --addr localhost:9000")]
    Serve(ServeArgs),
    /// Bring the index up to date with a shared store (--store), once or following it
    #[command(
        after_help = "Examples:\n  biowire sync --store postgres://crawler@db.internal/biowire\n  BIOWIRE_STORE=postgres://db.internal/biowire biowire sync --follow\n\n`search`, `show`, `export` and `stats` sync once by themselves when a store is given, and `serve` follows it."
    )]
    Sync(SyncArgs),
    /// Score extraction against a folder of checked answers (like shared/eval/score.py)
    #[command(
        after_help = "Examples:\n  biowire eval --gold ../shared/corpus\n  biowire eval --gold ../shared/corpus --search --show"
    )]
    Eval(EvalArgs),
    /// Measure ingest against its floor, search latency, or crawl speed
    #[command(
        after_help = "Examples:\n  biowire bench --pages ../shared/article-benchmark/html\n  biowire bench --search 100000\n  biowire bench --crawl 2000"
    )]
    Bench(BenchArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell)
    #[command(
        after_help = "Examples:\n  biowire completions bash > ~/.local/share/bash-completion/completions/biowire\n  biowire completions zsh > ~/.zfunc/_biowire"
    )]
    Completions(CompletionsArgs),
    /// Print the manual page (roff) of biowire and its commands
    #[command(after_help = "Examples:\n  biowire man > biowire.1 && man ./biowire.1")]
    Man,
}

#[derive(Debug, Args)]
pub(crate) struct StatsArgs {
    /// Output format
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub(crate) format: OutputFormat,
}

#[derive(Debug, Args)]
pub(crate) struct SyncArgs {
    /// Keep following the store until Ctrl-C or SIGTERM (a change arrives within about a second)
    #[arg(long)]
    pub(crate) follow: bool,

    /// Summary format
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub(crate) format: OutputFormat,
}

#[derive(Debug, Args)]
pub(crate) struct ForgetArgs {
    /// The release's URL, or the path of an ingested file
    #[arg(value_name = "URL")]
    pub(crate) url: String,
}

#[derive(Debug, Args)]
pub(crate) struct CompletionsArgs {
    /// The shell
    #[arg(value_enum)]
    pub(crate) shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub(crate) struct IngestArgs {
    /// Files, folders or file:// URLs; folders are walked for .html, .htm, .txt files, gzipped or not (.html.gz)
    #[arg(required = true, value_name = "PATH")]
    pub(crate) paths: Vec<PathBuf>,

    /// Skip files larger than this many bytes
    #[arg(long, default_value_t = biowire_fetch::DEFAULT_MAX_BYTES, value_name = "BYTES")]
    pub(crate) max_bytes: u64,

    /// Summary format
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub(crate) format: OutputFormat,
}

#[derive(Debug, Args)]
pub(crate) struct CrawlArgs {
    /// Crawl configuration [default: config/biowire.toml]
    #[arg(long, value_name = "FILE", env = "BIOWIRE_CONFIG")]
    pub(crate) config: Option<PathBuf>,

    /// Run one pass and exit, which is what `crawl` does (`biowire schedule` repeats passes)
    #[arg(long)]
    pub(crate) once: bool,

    /// Crawl only the source with this name
    #[arg(long, value_name = "NAME")]
    pub(crate) source: Option<String>,

    /// Summary format
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub(crate) format: OutputFormat,
}

#[derive(Debug, Args)]
pub(crate) struct ScheduleArgs {
    /// Crawl configuration with `crawl.schedule` set [default: config/biowire.toml]
    #[arg(long, value_name = "FILE", env = "BIOWIRE_CONFIG")]
    pub(crate) config: Option<PathBuf>,

    /// Crawl only the source with this name
    #[arg(long, value_name = "NAME")]
    pub(crate) source: Option<String>,

    /// Stop after this many passes (default: run until stopped)
    #[arg(long, value_name = "N")]
    pub(crate) max_passes: Option<usize>,

    /// Format of each pass's summary line
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub(crate) format: OutputFormat,
}

#[derive(Debug, Args)]
pub(crate) struct FileArgs {
    /// An HTML or text file, or a file:// URL
    #[arg(value_name = "FILE")]
    pub(crate) file: PathBuf,

    /// Output format
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub(crate) format: OutputFormat,

    /// Refuse files larger than this many bytes
    #[arg(long, default_value_t = biowire_fetch::DEFAULT_MAX_BYTES, value_name = "BYTES")]
    pub(crate) max_bytes: u64,
}

#[derive(Debug, Args)]
pub(crate) struct ShowArgs {
    /// The release: its id (content hash, or a unique prefix of 8 or more hex digits, printed
    /// by search and export), its URL, or the path of an ingested file
    #[arg(value_name = "ID")]
    pub(crate) id: String,

    /// Output format
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub(crate) format: OutputFormat,
}

/// Filters shared by search and export.
#[derive(Debug, Args, Clone, Default)]
pub(crate) struct Filters {
    /// Antigen target, any alias (MS4A1 finds CD20); repeat for any of several
    #[arg(long, value_name = "ANTIGEN")]
    pub(crate) antigen: Vec<String>,

    /// Disease, any synonym or abbreviation (SLE, lupus); repeat for any of several. A disease
    /// means exactly that disease; a broad class (lymphoma, leukemia) means every disease under it
    #[arg(long, value_name = "DISEASE")]
    pub(crate) disease: Vec<String>,

    /// With --disease or disease:, also every disease under it in Mondo (lupus: lupus nephritis);
    /// in a query, `disease:lupus*` does the same for one term
    #[arg(long)]
    pub(crate) include_subtypes: bool,

    /// Words of the announcing company's name; repeat for any of several
    #[arg(long, value_name = "NAME")]
    pub(crate) company: Vec<String>,

    /// Milestone kind (first_patient_dosed, ind_cleared, …); repeat for any of several
    #[arg(long, value_name = "KIND")]
    pub(crate) milestone: Vec<String>,

    /// Milestones on or after this date (YYYY-MM-DD, YYYY-MM or YYYY)
    #[arg(long, value_name = "DATE")]
    pub(crate) since: Option<String>,

    /// Milestones on or before this date (YYYY-MM-DD, YYYY-MM or YYYY)
    #[arg(long, value_name = "DATE")]
    pub(crate) until: Option<String>,
}

#[derive(Debug, Args)]
pub(crate) struct SearchArgs {
    /// Query: words, "phrases", field:value (antigen, disease, milestone, company, product,
    /// modality, cell_source, publisher, date, title), date:>=2026-01, AND/OR/NOT, (groups)
    #[arg(value_name = "QUERY")]
    pub(crate) query: Option<String>,

    #[command(flatten)]
    pub(crate) filters: Filters,

    /// Largest number of results (1 to 10000)
    #[arg(long, default_value_t = 20, value_parser = limit)]
    pub(crate) limit: usize,

    /// Result order: best (relevance when the query has words, else newest) or date
    #[arg(long, value_enum, default_value_t = SortOrder::Best)]
    pub(crate) sort: SortOrder,

    /// Also count matching records per antigen, disease, milestone and company
    #[arg(long)]
    pub(crate) facets: bool,

    /// With --facets, count releases whose headline or lead mention each antigen and disease
    /// instead of records
    #[arg(long, requires = "facets")]
    pub(crate) count_mentions: bool,

    /// Records only: leave out releases whose headline or lead mentions a filtered antigen or
    /// disease without a record for it (shown after the records, marked "mention", otherwise)
    #[arg(long)]
    pub(crate) records_only: bool,

    /// Output format
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub(crate) format: OutputFormat,
}

#[derive(Debug, Args)]
pub(crate) struct ExportArgs {
    /// Query, as for `search`
    #[arg(value_name = "QUERY")]
    pub(crate) query: Option<String>,

    #[command(flatten)]
    pub(crate) filters: Filters,

    /// Output format
    #[arg(long, value_enum, default_value_t = ExportFormat::Json)]
    pub(crate) format: ExportFormat,

    /// Write to this file instead of standard output
    #[arg(short, long, value_name = "FILE")]
    pub(crate) output: Option<PathBuf>,

    /// One object per release instead of per record: `document` (its URL, title, date,
    /// publisher and hash), the matching `records`, and every antigen and disease `mentions`
    #[arg(long, conflicts_with = "index")]
    pub(crate) include_mentions: bool,

    #[command(flatten)]
    pub(crate) bulk: BulkArgs,
}

/// Where bulk items go in OpenSearch.
#[derive(Debug, Args, Clone)]
pub(crate) struct BulkArgs {
    /// With --format bulk (and for push): the index the records go to
    #[arg(long, value_name = "NAME", default_value = "biowire-records")]
    pub(crate) index: String,

    /// With --format bulk (and for push): `index` adds or replaces, `create` only adds
    /// (Quickwit's ingest API takes only `create`)
    #[arg(long, value_enum, default_value_t = crate::bulk::Action::Index)]
    pub(crate) action: crate::bulk::Action,
}

#[derive(Debug, Args)]
pub(crate) struct PushArgs {
    /// Query, as for `search`
    #[arg(value_name = "QUERY")]
    pub(crate) query: Option<String>,

    #[command(flatten)]
    pub(crate) filters: Filters,

    /// The OpenSearch or Elasticsearch URL (`http://localhost:9200`); `/_bulk` is added
    #[arg(long, value_name = "URL")]
    pub(crate) opensearch: String,

    #[command(flatten)]
    pub(crate) bulk: BulkArgs,

    /// Times a request refused with 429 or 5xx (or not answered) is sent again
    #[arg(long, default_value_t = 5, value_name = "N")]
    pub(crate) retries: u32,

    /// The first pause before a retry, in milliseconds; each next pause doubles
    #[arg(long, default_value_t = 1000, value_name = "MS")]
    pub(crate) retry_wait_ms: u64,
}

#[derive(Debug, Args)]
pub(crate) struct ServeArgs {
    /// Address to listen on (an IP or a host name such as localhost); a non-loopback address
    /// exposes the index to the network
    #[arg(long, default_value = "127.0.0.1:8080", value_name = "HOST:PORT", value_parser = socket_addr)]
    pub(crate) addr: std::net::SocketAddr,
}

#[derive(Debug, Args)]
pub(crate) struct EvalArgs {
    /// Folder with one sub-folder per document: raw.html or text.txt, and gold.json
    #[arg(long, value_name = "DIR")]
    pub(crate) gold: PathBuf,

    /// List each document's misses and extras (with --search, each query's)
    #[arg(long)]
    pub(crate) show: bool,

    /// Score search instead: index the folder, ask every antigen and disease of its answers,
    /// and count the documents found against the documents whose answers hold it
    #[arg(long)]
    pub(crate) search: bool,
}

#[derive(Debug, Args)]
pub(crate) struct BenchArgs {
    /// Number of generated releases
    #[arg(long, default_value_t = 2000)]
    pub(crate) docs: usize,

    /// Ingest the HTML pages of this folder (`.html`, `.html.gz`) instead of generated
    /// releases, e.g. ../shared/article-benchmark/html
    #[arg(long, value_name = "DIR", conflicts_with_all = ["search", "crawl"])]
    pub(crate) pages: Option<PathBuf>,

    /// Instead, index this many generated releases and measure query latency (e.g. 100000)
    #[arg(long, value_name = "N")]
    pub(crate) search: Option<usize>,

    /// With --search: build the index in DATA_DIR/index (which must not exist) and keep it,
    /// for `biowire serve` and scripts/load-test
    #[arg(long, requires = "search")]
    pub(crate) keep: bool,

    /// Instead, crawl this many generated releases from a local HTTP server (e.g. 5000)
    #[arg(long, value_name = "N")]
    pub(crate) crawl: Option<usize>,

    /// With --crawl and --store: this many worker processes share the crawl through the store
    #[arg(long, value_name = "K", default_value_t = 1, requires = "crawl")]
    pub(crate) workers: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum OutputFormat {
    /// For people
    Text,
    /// For programs
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum SortOrder {
    /// Relevance with words, newest first without
    Best,
    /// Newest first
    Date,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ExportFormat {
    /// One JSON array
    Json,
    /// One record per line
    Jsonl,
    /// OpenSearch/Elasticsearch `_bulk` NDJSON (an action line, then the record), in files of
    /// at most 10 MB
    Bulk,
}

/// A result limit: a whole number from 1 to 10,000.
fn limit(s: &str) -> Result<usize, String> {
    match s.parse::<usize>() {
        Ok(n @ 1..=10_000) => Ok(n),
        _ => Err(format!("`{s}` is not a whole number from 1 to 10000")),
    }
}

/// `HOST:PORT`, the host an IP address or a name to resolve (`localhost:8080`); the first
/// address the name resolves to.
fn socket_addr(s: &str) -> Result<std::net::SocketAddr, String> {
    use std::net::ToSocketAddrs;
    let mut addrs = s.to_socket_addrs().map_err(|e| format!("`{s}`: {e} (expected HOST:PORT)"))?;
    addrs.next().ok_or_else(|| format!("`{s}` resolves to no address"))
}
