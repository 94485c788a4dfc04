//! `dossier eval`: scores the extractor against gold annotations.

use anyhow::{Context, Result};
use dossier_eval::{DEFAULT_THRESHOLDS, GoldDocument, Prediction, Report};
use dossier_gazetteer::Gazetteer;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    what: What,
}

#[derive(clap::Subcommand)]
enum What {
    /// Attributed claims against a PolNeAR-format JSON Lines file: precision, recall and F1
    /// of content matches (character Jaccard ≥ 0.3/0.5/0.8), and speaker accuracy.
    Attributions(AttributionArgs),
}

#[derive(clap::Args)]
struct AttributionArgs {
    /// Gold file: one PolNeAR document per line.
    gold: PathBuf,
    /// Print the report as JSON.
    #[arg(long)]
    json: bool,
    /// Also list up to this many missed gold attributions and false positives (at 0.5).
    #[arg(long, value_name = "N", default_value_t = 0)]
    errors: usize,
}

pub fn run(args: Args) -> Result<ExitCode> {
    match args.what {
        What::Attributions(a) => attributions(a),
    }
}

fn attributions(args: AttributionArgs) -> Result<ExitCode> {
    let file = std::fs::File::open(&args.gold)
        .with_context(|| format!("cannot open {}", args.gold.display()))?;
    let docs = dossier_eval::load_jsonl(std::io::BufReader::new(file))
        .with_context(|| format!("reading {}", args.gold.display()))?;
    let gazetteer = Gazetteer::embedded();
    let predictions: Vec<Vec<Prediction>> = docs
        .iter()
        .map(|d| {
            let record = dossier_extract::extract_text(&d.text, &d.id, gazetteer);
            dossier_eval::predictions_from_record(&record)
        })
        .collect();
    let report = Report::new(
        docs.iter()
            .zip(&predictions)
            .map(|(d, p)| (&d.attributions[..], &p[..])),
        &DEFAULT_THRESHOLDS,
    );
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if args.json {
        serde_json::to_writer_pretty(&mut out, &report)?;
        writeln!(out)?;
    } else {
        writeln!(
            out,
            "{} documents, {} gold attributions, {} predicted",
            report.documents,
            report.scores.first().map_or(0, |s| s.tally.gold),
            report.scores.first().map_or(0, |s| s.tally.predicted)
        )?;
        writeln!(
            out,
            "overlap  matched  precision  recall     F1  speaker accuracy"
        )?;
        for s in &report.scores {
            writeln!(
                out,
                "  ≥{:.1}   {:>6}      {:.3}   {:.3}  {:.3}  {:.3}",
                s.threshold, s.tally.matched, s.precision, s.recall, s.f1, s.speaker_accuracy
            )?;
        }
    }
    if args.errors > 0 {
        print_errors(&mut out, &docs, &predictions, args.errors)?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// Lists misses and false positives at overlap 0.5, for looking at what the rules get wrong.
fn print_errors(
    out: &mut impl Write,
    docs: &[GoldDocument],
    predictions: &[Vec<Prediction>],
    limit: usize,
) -> Result<()> {
    let (mut missed, mut extra) = (0, 0);
    for (d, p) in docs.iter().zip(predictions) {
        let chars: Vec<char> = d.text.chars().collect();
        let show = |spans: &[(usize, usize)]| {
            spans
                .iter()
                .map(|&(s, e)| {
                    chars[s.min(chars.len())..e.min(chars.len())]
                        .iter()
                        .collect::<String>()
                })
                .collect::<Vec<_>>()
                .join(" … ")
                .replace('\n', " ")
        };
        let m = dossier_eval::match_document(&d.attributions, p, 0.5);
        for &g in &m.unmatched_gold {
            if missed < limit {
                let a = &d.attributions[g];
                writeln!(
                    out,
                    "MISS {} [{}] {{{}}} <{}>",
                    d.id,
                    a.speaker.as_deref().unwrap_or("-"),
                    a.cue.as_deref().unwrap_or("-"),
                    show(a.content())
                )?;
                missed += 1;
            }
        }
        for &i in &m.unmatched_predictions {
            if extra < limit {
                let sp = p[i].speaker.map_or("-".to_string(), |s| show(&[s]));
                writeln!(out, "FP   {} [{}] <{}>", d.id, sp, show(&p[i].content))?;
                extra += 1;
            }
        }
    }
    Ok(())
}
