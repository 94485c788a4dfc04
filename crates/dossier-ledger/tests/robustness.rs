//! Hostile input never panics: every parser gets thousands of mutated variants of valid input
//! (bytes flipped, cut, duplicated, spliced) and must return a value or an error.

use dossier_ledger::checkpoint::Checkpoint;
use dossier_ledger::entry::EntryRecord;
use dossier_ledger::note::{
    ALG_COSIGNATURE_V1, ALG_ED25519, Note, NoteSignature, Signer, Verifier,
};
use dossier_ledger::policy::Policy;
use dossier_ledger::proof::{TlogProof, verify_tlog_proof};
use dossier_ledger::tile::TileId;
use dossier_ledger::{Kind, parse_bundle};

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn mutate(rng: &mut Rng, input: &[u8]) -> Vec<u8> {
    let mut b = input.to_vec();
    for _ in 0..1 + rng.below(4) {
        match rng.below(6) {
            0 if !b.is_empty() => {
                let i = rng.below(b.len());
                b[i] ^= 1 << rng.below(8);
            }
            1 => b.truncate(rng.below(b.len() + 1)),
            2 if !b.is_empty() => {
                let i = rng.below(b.len());
                let j = i + rng.below(b.len() - i);
                let piece = b[i..j].to_vec();
                b.splice(i..i, piece);
            }
            3 => {
                let i = rng.below(b.len() + 1);
                let special: &[&[u8]] =
                    &[b"\n", b"\n\n", b"+", b" ", b"\xe2\x80\x94 ", b"0", b"\xff"];
                b.splice(i..i, special[rng.below(special.len())].iter().copied());
            }
            4 if !b.is_empty() => {
                let i = rng.below(b.len());
                b.remove(i);
            }
            _ => b.reverse(),
        }
    }
    b
}

#[test]
fn parsers_survive_mutated_input() {
    let log = Signer::generate("example.org/log", ALG_ED25519).unwrap();
    let witness = Signer::generate("w.example", ALG_COSIGNATURE_V1).unwrap();
    let cp = Checkpoint {
        origin: "example.org/log".into(),
        size: 5,
        root: [3; 32],
        extensions: vec![],
    };
    let mut note = log.sign_note(&cp.to_text()).unwrap();
    note.push_str(&witness.cosign(&cp.to_text(), 17));
    note.push('\n');
    let proof = TlogProof {
        extra: Some(b"x".to_vec()),
        index: 3,
        hashes: vec![[1; 32], [2; 32], [4; 32]],
        checkpoint: note.clone(),
    }
    .to_text();
    let mut entry = EntryRecord::for_blob(
        Kind::Source,
        &dossier_ledger::BlobRef {
            sha256: "ab".repeat(32),
            size: 9,
        },
    );
    entry.note = Some("n".into());
    let entry = entry.encode().unwrap();
    let policy = format!(
        "witness w {}\ngroup g any w\nquorum g\n",
        witness.verifier().to_vkey()
    );
    let vkey = log.verifier().to_vkey();
    let bundle = [&[0u8, 3][..], b"abc", &[0, 1], b"d"].concat();
    let verifiers = [log.verifier(), witness.verifier()];
    // The unmutated inputs are valid, so the mutations below start from real structure.
    assert_eq!(
        Note::parse(note.as_bytes())
            .unwrap()
            .verify(&[&verifiers[0], &verifiers[1]])
            .unwrap()
            .len(),
        2
    );
    assert_eq!(TlogProof::parse(&proof).unwrap().index, 3);
    assert!(EntryRecord::decode(&entry).is_ok());
    assert!(Policy::parse(&policy).is_ok());
    assert_eq!(parse_bundle(&bundle, 2).unwrap().len(), 2);
    let mut rng = Rng(0x1234_5678_9abc_def1);
    let mut rejected = 0;
    for _ in 0..1500 {
        let n = mutate(&mut rng, note.as_bytes());
        if let Ok(parsed) = Note::parse(&n) {
            let _ = parsed.verify(&[&verifiers[0], &verifiers[1]]);
            let _ = Checkpoint::parse(&parsed.text);
        }
        let s = String::from_utf8_lossy(&mutate(&mut rng, cp.to_text().as_bytes())).into_owned();
        let _ = Checkpoint::parse(&s);
        let p = String::from_utf8_lossy(&mutate(&mut rng, proof.as_bytes())).into_owned();
        rejected += usize::from(TlogProof::parse(&p).is_err());
        let _ = verify_tlog_proof(&p, &entry, &verifiers[0], None);
        let _ = EntryRecord::decode(&mutate(&mut rng, &entry));
        let v = String::from_utf8_lossy(&mutate(&mut rng, vkey.as_bytes())).into_owned();
        let _ = Verifier::parse(&v);
        let _ = Signer::parse(&v);
        let line =
            String::from_utf8_lossy(&mutate(&mut rng, note.lines().last().unwrap().as_bytes()))
                .into_owned();
        let _ = NoteSignature::parse_line(&line);
        let pol = String::from_utf8_lossy(&mutate(&mut rng, policy.as_bytes())).into_owned();
        let _ = Policy::parse(&pol);
        let path =
            String::from_utf8_lossy(&mutate(&mut rng, b"tile/1/x001/x234/067.p/5")).into_owned();
        let _ = TileId::parse(&path);
        let _ = parse_bundle(&mutate(&mut rng, &bundle), 2);
    }
    assert!(rejected > 0, "mutations should break some proofs");
}
