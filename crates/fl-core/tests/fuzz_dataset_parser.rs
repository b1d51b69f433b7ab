//! Fuzzes the clinic dataset parser (`synth::parse_csv`, what a clinic node runs on the file
//! its operator hands it): valid files with random damage (bytes replaced, deleted or
//! inserted, fields swapped, lines cut, doubled or emptied, non-ASCII text). For every input
//! the parser must return, not panic; a refusal names the line (and, past the header, the
//! column) and quotes no value of the file; an accepted file's records write back to lines
//! that parse to the same records.
//!
//! Bounded by default (seed and cases printed); longer on demand:
//! `IVF_FUZZ_CASES=100000 IVF_FUZZ_SEED=$RANDOM cargo test --release -p fl-core --test
//! fuzz_dataset_parser -- --nocapture`.

use fl_core::{
	rng::{self, env_or, Prng},
	synth::{csv_line, parse_csv, parse_csv_record, Generator, CSV_HEADER},
};

const CASES: u64 = 3_000;
const SEED: u64 = 0xc5f_2026;

/// Text a damaged cell may hold: digits, signs, separators, hex, words and non-ASCII.
const JUNK: &[&str] = &[
	"",
	"-1",
	"256",
	"1e309",
	"NaN",
	"inf",
	"0x1f",
	",",
	",,",
	"\"",
	"1.5",
	"4AB",
	"7ZZ",
	"é",
	"🧬",
	"\u{0}",
	"frozen",
	"fresh",
	" 1",
	"00",
	"ffffffffffffffffffffffffffffffff",
];

/// One random edit of `text`, kept valid UTF-8 (the node refuses other bytes before parsing).
fn damage(prng: &mut Prng, text: &str) -> String {
	let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
	let line = rng::below(prng, lines.len() as u64) as usize;
	match rng::below(prng, 8) {
		// A cell replaced by junk.
		0 | 1 => {
			let mut cells: Vec<String> = lines[line].split(',').map(str::to_string).collect();
			let cell = rng::below(prng, cells.len() as u64) as usize;
			cells[cell] = JUNK[rng::below(prng, JUNK.len() as u64) as usize].to_string();
			lines[line] = cells.join(",");
		},
		// Two cells swapped.
		2 => {
			let mut cells: Vec<String> = lines[line].split(',').map(str::to_string).collect();
			let a = rng::below(prng, cells.len() as u64) as usize;
			let b = rng::below(prng, cells.len() as u64) as usize;
			cells.swap(a, b);
			lines[line] = cells.join(",");
		},
		// A character deleted or inserted.
		3 | 4 => {
			let chars: Vec<char> = lines[line].chars().collect();
			let at = rng::below(prng, chars.len() as u64 + 1) as usize;
			let mut edited: String = chars[..at].iter().collect();
			if rng::below(prng, 2) == 0 {
				let junk = JUNK[rng::below(prng, JUNK.len() as u64) as usize];
				edited.push_str(junk);
				edited.extend(&chars[at..]);
			} else {
				edited.extend(chars.iter().skip(at + 1));
			}
			lines[line] = edited;
		},
		// A line cut short, doubled or emptied.
		5 => {
			let chars: Vec<char> = lines[line].chars().collect();
			let keep = rng::below(prng, chars.len() as u64 + 1) as usize;
			lines[line] = chars[..keep].iter().collect();
		},
		6 => {
			let copy = lines[line].clone();
			lines.insert(line, copy);
		},
		_ => lines[line] = String::new(),
	}
	lines.join("\n")
}

#[test]
fn fuzz_the_dataset_parser_refuses_damage_by_line_and_column_and_never_panics() {
	let seed = env_or("IVF_FUZZ_SEED", SEED);
	let cases = env_or("IVF_FUZZ_CASES", CASES);
	println!("fuzz: dataset parser, seed {seed}, {cases} cases (IVF_FUZZ_SEED, IVF_FUZZ_CASES)");
	let records = Generator::new(2, seed).clinic_records(1, 12);
	let valid: String = std::iter::once(CSV_HEADER.join(","))
		.chain(records.iter().map(csv_line))
		.collect::<Vec<_>>()
		.join("\n");
	assert_eq!(parse_csv(&valid).expect("the generator's file parses").len(), records.len());
	let secrets: Vec<String> = records
		.iter()
		.flat_map(|r| [r.raw_patient_id.clone(), csv_line(r).split(',').nth(1).unwrap().into()])
		.collect();

	let mut prng = rng::prng(rng::seed_from_u64(seed));
	let (mut refused, mut accepted) = (0u64, 0u64);
	for case in 0..cases {
		let mut text = valid.clone();
		for _ in 0..=rng::below(&mut prng, 3) {
			text = damage(&mut prng, &text);
		}
		let outcome = std::panic::catch_unwind(|| parse_csv(&text));
		let Ok(parsed) = outcome else {
			panic!("fuzz: seed {seed} case {case}: the parser panicked on:\n{text}");
		};
		match parsed {
			Err(message) => {
				refused += 1;
				assert!(message.starts_with("line "), "case {case}: {message}");
				assert!(
					message.starts_with("line 1:") || message.contains("column "),
					"case {case}: a refusal past the header names no column: {message}"
				);
				for secret in &secrets {
					assert!(
						!message.contains(secret.as_str()),
						"case {case}: a refusal quotes a value of the file: {message}"
					);
				}
			},
			Ok(parsed) => {
				accepted += 1;
				for record in parsed {
					let again = parse_csv_record(&csv_line(&record));
					assert_eq!(again.as_ref(), Ok(&record), "case {case}: no round trip");
				}
			},
		}
	}
	println!("fuzz: {refused} damaged files refused by line and column, {accepted} still valid");
	assert!(refused > cases / 2, "the damage should break most files: {refused} of {cases}");
}
