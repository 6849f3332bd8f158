//! The hot functions of ingest: parsing one generated report of each layout, and storing a
//! parsed report. `cargo bench`; `nianbao bench --reports N` measures the whole pipeline.

use std::sync::atomic::{AtomicU64, Ordering};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use nianbao::ingest;
use nianbao::store::{Source, Store};
use nianbao_synth::{self as synth, Layout};

// The allocator of the `nianbao` binary, so that these figures compare with its own.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn parse(c: &mut Criterion) {
    let mut group = c.benchmark_group("parse");
    for layout in Layout::ALL {
        let text = synth::generate(
            7,
            &synth::Options {
                layout: Some(layout),
                ..synth::Options::default()
            },
        )
        .text;
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(layout.name(), |b| {
            b.iter(|| ingest::parse_bytes(text.as_bytes()).expect("a generated report parses"))
        });
    }
    group.finish();
}

/// One report saved again and again under new agency names, in batches as ingest does.
fn store(c: &mut Criterion) {
    let text = synth::generate(7, &synth::Options::default()).text;
    let (report, findings) = ingest::parse_bytes(text.as_bytes()).expect("it parses");
    let cells: usize = report.tables.iter().map(|t| t.cells.len()).sum();
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut store = Store::open(&dir.path().join("bench.db")).expect("a fresh store");
    let n = AtomicU64::new(0);
    let mut group = c.benchmark_group("store");
    group.throughput(Throughput::Elements(cells as u64));
    group.bench_function("save", |b| {
        b.iter(|| {
            let i = n.fetch_add(1, Ordering::Relaxed);
            if i.is_multiple_of(500) {
                store.commit_batch().expect("commit");
                store.begin_batch().expect("begin");
            }
            let mut r = report.clone();
            r.agency = format!("{}{i}", report.agency);
            let (path, sha256) = (format!("{i}.txt"), format!("{i:064}"));
            let source = Source {
                path: &path,
                sha256: &sha256,
            };
            store.save(&source, &r, &findings).expect("saved")
        })
    });
    group.finish();
    store.commit_batch().expect("commit");
}

criterion_group!(benches, parse, store);
criterion_main!(benches);
