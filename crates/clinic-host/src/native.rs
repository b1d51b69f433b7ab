//! The clinic node itself: its dataset files, its training secret and its kept updates, and
//! native training on them.
//!
//! ## Files
//!
//! Datasets are the clinic's own CSV files (the `ivf-synth` columns, `fl_core::synth`), given
//! as `ID=PATH` ([`DatasetFile`]). Each is read and checked at start and again whenever its
//! size or modification time changes ([`ClinicNode::refresh`]): a file with a malformed line is
//! refused as a whole (the log names the file, the line and the column, never a value), and
//! the dataset then has no rows until a good file replaces it. The node keeps working.
//!
//! The node's own directory (`<base path>/clinic`, mode 0700) holds `training-secret` (32
//! random bytes drawn on first start, mode 0600: the secret part of every training seed) and
//! `kept/` (the worker's prepared updates between commit and reveal, one 0600 file each).
//! None of it is in the off-chain database, so no RPC method reads or writes it.

use crate::{ClinicNodeError, DatasetIndex, TrainingOutcome, TrainingRequest};
use fl_core::{
	features::{labelled_set, IvfCycle},
	metrics::ScoreHistogram,
	table::Table,
	train::LabelledSet,
	ModelSpec,
};
use std::{
	collections::BTreeMap,
	fs,
	io::{self, Write},
	os::unix::fs::{DirBuilderExt, OpenOptionsExt},
	path::{Path, PathBuf},
	sync::{Mutex, RwLock},
	time::{Instant, SystemTime},
};

const LOG_TARGET: &str = "ivf-clinic";

/// One `--dataset ID=PATH`: the dataset's id on chain and the clinic's file of its rows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DatasetFile {
	/// The dataset's id on chain (`dataAccess.registerDataset`).
	pub dataset: u32,
	/// The CSV file.
	pub path: PathBuf,
}

impl std::str::FromStr for DatasetFile {
	type Err = String;

	fn from_str(text: &str) -> Result<Self, String> {
		let (id, path) = text
			.split_once('=')
			.ok_or_else(|| format!("`{text}`: expected ID=PATH, e.g. 0=/var/lib/ivf/cycles.csv"))?;
		let dataset = id
			.trim()
			.parse()
			.map_err(|_| format!("`{id}`: a dataset id is a whole number"))?;
		if path.is_empty() {
			return Err(format!("`{text}`: the path is empty"));
		}
		Ok(Self { dataset, path: PathBuf::from(path) })
	}
}

/// A dataset's rows as the node holds them in memory: as IVF cycles when the file has the
/// IVF columns (what a spec without a study question trains on), and as a table checked
/// against the file's schema when it has one (what a study question is asked of).
struct LoadedDataset {
	version: [u8; 32],
	pseudonyms: Vec<[u8; 32]>,
	cycles: Option<Vec<IvfCycle>>,
	table: Option<Table>,
}

/// What a file looked like when it was last read: a change of either means read it again.
#[derive(Clone, Copy, PartialEq, Eq)]
struct FileStamp {
	len: u64,
	modified: Option<SystemTime>,
}

/// Where kept updates live.
enum KeptStore {
	/// One 0600 file a key under this directory.
	Directory(PathBuf),
	/// In memory (tests).
	Memory(Mutex<BTreeMap<Vec<u8>, Vec<u8>>>),
}

/// A clinic's node: its datasets, its training secret and its kept updates.
pub struct ClinicNode {
	files: Vec<DatasetFile>,
	datasets: RwLock<BTreeMap<u32, LoadedDataset>>,
	stamps: Mutex<BTreeMap<u32, Option<FileStamp>>>,
	secret: [u8; 32],
	kept: KeptStore,
}

impl ClinicNode {
	/// The node of the clinic whose own directory is `directory` (created 0700 if missing)
	/// with the datasets `files`, each read and checked now (see [`Self::refresh`]).
	///
	/// Fails if the directory or the secret cannot be created or read, or if two files name
	/// one dataset.
	pub fn open(directory: &Path, files: Vec<DatasetFile>) -> Result<Self, String> {
		let mut ids: Vec<u32> = files.iter().map(|f| f.dataset).collect();
		ids.sort_unstable();
		if let Some(twice) = ids.windows(2).find(|w| w[0] == w[1]) {
			return Err(format!("--dataset {} is given twice", twice[0]));
		}
		let kept = directory.join("kept");
		fs::DirBuilder::new()
			.recursive(true)
			.mode(0o700)
			.create(&kept)
			.map_err(|e| format!("{}: {e}", kept.display()))?;
		let secret = read_or_create_secret(&directory.join("training-secret"))?;
		let node = Self::with(files, secret, KeptStore::Directory(kept));
		node.refresh();
		Ok(node)
	}

	/// A node that keeps everything in memory and has no dataset files: for tests, which give
	/// it rows with [`Self::insert_rows`].
	pub fn in_memory(secret: [u8; 32]) -> Self {
		Self::with(Vec::new(), secret, KeptStore::Memory(Mutex::new(BTreeMap::new())))
	}

	/// Replaces a dataset's rows with `rows` (pseudonym and cycle each), as if its file had
	/// been read: for tests.
	pub fn insert_rows(&self, dataset: u32, rows: Vec<([u8; 32], IvfCycle)>) {
		let version = sp_crypto_hashing::blake2_256(&codec::Encode::encode(&rows));
		let (pseudonyms, cycles) = rows.into_iter().unzip();
		let mut datasets = self.datasets.write().unwrap_or_else(|e| e.into_inner());
		datasets.insert(
			dataset,
			LoadedDataset { version, pseudonyms, cycles: Some(cycles), table: None },
		);
	}

	/// Replaces a dataset's rows with `table`, as if a file checked against its schema had
	/// been read: for tests.
	pub fn insert_table(&self, dataset: u32, table: Table) {
		let version = sp_crypto_hashing::blake2_256(&codec::Encode::encode(&table.pseudonyms));
		let pseudonyms = table.pseudonyms.clone();
		let mut datasets = self.datasets.write().unwrap_or_else(|e| e.into_inner());
		datasets.insert(
			dataset,
			LoadedDataset { version, pseudonyms, cycles: None, table: Some(table) },
		);
	}

	/// Drops a dataset's rows, as a refused file does: for tests.
	pub fn remove_rows(&self, dataset: u32) {
		self.datasets.write().unwrap_or_else(|e| e.into_inner()).remove(&dataset);
	}

	fn with(files: Vec<DatasetFile>, secret: [u8; 32], kept: KeptStore) -> Self {
		Self {
			files,
			datasets: RwLock::new(BTreeMap::new()),
			stamps: Mutex::new(BTreeMap::new()),
			secret,
			kept,
		}
	}

	/// Reads again every dataset file whose size or modification time changed since it was
	/// last read, checking every line; a refused file leaves its dataset empty.
	pub fn refresh(&self) {
		for file in &self.files {
			let stamp = fs::metadata(&file.path)
				.map(|m| FileStamp { len: m.len(), modified: m.modified().ok() })
				.ok();
			let mut stamps = self.stamps.lock().unwrap_or_else(|e| e.into_inner());
			// A missing file counts as a state of its own: it is reported once, not every poll.
			if stamps.get(&file.dataset) == Some(&stamp) {
				continue;
			}
			stamps.insert(file.dataset, stamp);
			drop(stamps);
			let loaded = read_dataset(&file.path);
			let mut datasets = self.datasets.write().unwrap_or_else(|e| e.into_inner());
			match loaded {
				Ok(dataset) => {
					log::info!(
						target: LOG_TARGET,
						"dataset {}: {} rows read from {}{}",
						file.dataset, dataset.pseudonyms.len(), file.path.display(),
						if dataset.table.is_some() { ", checked against its schema" } else { "" },
					);
					datasets.insert(file.dataset, dataset);
				},
				Err(why) => {
					log::error!(
						target: LOG_TARGET,
						"dataset {}: {} refused, no rows loaded: {why}",
						file.dataset, file.path.display(),
					);
					datasets.remove(&file.dataset);
				},
			}
		}
	}

	/// The version and the pseudonyms of a dataset's rows.
	pub fn dataset_index(&self, dataset: u32) -> Result<DatasetIndex, ClinicNodeError> {
		let datasets = self.datasets.read().unwrap_or_else(|e| e.into_inner());
		let loaded = datasets.get(&dataset).ok_or(ClinicNodeError::NoDataset)?;
		Ok(DatasetIndex {
			version: loaded.version,
			pseudonyms: loaded.pseudonyms.clone(),
			schema_id: loaded.table.as_ref().map(|t| t.schema.id()),
		})
	}

	/// Trains natively on the requested rows: the score histogram of the starting model (noised
	/// under DP), then `fl_core::train::local_update` (timed), then clipping to the bound.
	pub fn train(&self, request: &TrainingRequest) -> Result<TrainingOutcome, ClinicNodeError> {
		let (examples, rows_used) = self.examples(request)?;
		let seed = fl_core::train::clinic_seed(
			&request.spec_id,
			request.task,
			request.round,
			&request.base_model_hash,
			&self.secret,
			request.dataset,
		);
		let scores = score_histogram(&request.spec, &request.base_model, &examples, &seed);
		let started = Instant::now();
		if let Some(threshold) = request.noise_threshold {
			let weighted = fl_core::train::distributed_weighted_update(
				&request.spec,
				&request.base_model,
				&examples,
				seed,
				threshold,
			)
			.map_err(|_| ClinicNodeError::TrainingFailed)?;
			let training_micros = started.elapsed().as_micros() as u64;
			return Ok(TrainingOutcome {
				update: Vec::new(),
				weighted: Some(weighted),
				scores,
				training_micros,
				rows_used,
			});
		}
		let local =
			fl_core::train::local_update(&request.spec, &request.base_model, &examples, seed)
				.map_err(|_| ClinicNodeError::TrainingFailed)?;
		let training_micros = started.elapsed().as_micros() as u64;
		let update = fl_core::dp::clip_quantised(local.delta, request.update_norm_bound);
		Ok(TrainingOutcome { update, weighted: None, scores, training_micros, rows_used })
	}

	/// The labelled examples of the requested rows, in the order requested, and the rows
	/// they come from: the IVF cycles without a study question, else the question's encoding
	/// of the file's table (which leaves out rows it cannot use).
	fn examples(
		&self,
		request: &TrainingRequest,
	) -> Result<(LabelledSet, Vec<u32>), ClinicNodeError> {
		let datasets = self.datasets.read().unwrap_or_else(|e| e.into_inner());
		let loaded = datasets.get(&request.dataset).ok_or(ClinicNodeError::NoDataset)?;
		if loaded.version != request.dataset_version {
			return Err(ClinicNodeError::DatasetChanged);
		}
		let increasing = request.rows.windows(2).all(|w| w[0] < w[1]);
		let in_file = request.rows.iter().all(|&row| (row as usize) < loaded.pseudonyms.len());
		if !increasing || !in_file {
			return Err(ClinicNodeError::BadRowSelection);
		}
		let spec = &request.spec;
		match (&spec.question, &loaded.cycles, &loaded.table) {
			(None, Some(cycles), _) => {
				let chosen: Vec<IvfCycle> = request
					.rows
					.iter()
					.filter_map(|&row| cycles.get(row as usize))
					.copied()
					.collect();
				let set = labelled_set(&chosen, &spec.normalisation)
					.map_err(|_| ClinicNodeError::SpecDoesNotFit)?;
				Ok((set, request.rows.clone()))
			},
			(Some(question), _, Some(table)) => {
				let encoded = question
					.encode_rows(table, &request.rows, &spec.normalisation)
					.map_err(|_| ClinicNodeError::SpecDoesNotFit)?;
				Ok((encoded.set, encoded.used))
			},
			_ => Err(ClinicNodeError::SpecDoesNotFit),
		}
	}

	/// Keeps `value` under `key`.
	pub fn keep(&self, key: &[u8], value: &[u8]) -> Result<(), ClinicNodeError> {
		match &self.kept {
			KeptStore::Directory(directory) => write_private(&kept_path(directory, key), value)
				.map_err(|e| {
					log::error!(target: LOG_TARGET, "cannot keep a prepared update: {e}");
					ClinicNodeError::NodeStorage
				}),
			KeptStore::Memory(map) => {
				map.lock()
					.unwrap_or_else(|e| e.into_inner())
					.insert(key.to_vec(), value.to_vec());
				Ok(())
			},
		}
	}

	/// What is kept under `key`.
	pub fn kept(&self, key: &[u8]) -> Option<Vec<u8>> {
		match &self.kept {
			KeptStore::Directory(directory) => fs::read(kept_path(directory, key)).ok(),
			KeptStore::Memory(map) => {
				map.lock().unwrap_or_else(|e| e.into_inner()).get(key).cloned()
			},
		}
	}

	/// Drops what is kept under `key`.
	pub fn forget(&self, key: &[u8]) {
		match &self.kept {
			KeptStore::Directory(directory) => {
				let _ = fs::remove_file(kept_path(directory, key));
			},
			KeptStore::Memory(map) => {
				map.lock().unwrap_or_else(|e| e.into_inner()).remove(key);
			},
		}
	}
}

/// The schema file of the dataset file `path`: `NAME.schema.json` beside `NAME.csv`, else
/// `schema.json` in the same directory (one schema shared by the directory's files); `None`
/// if neither exists.
pub fn schema_path(path: &Path) -> Option<PathBuf> {
	let own = path.with_extension("schema.json");
	let shared = path.with_file_name("schema.json");
	[own, shared].into_iter().find(|candidate| candidate.is_file())
}

/// Reads and checks a dataset file; the error names the line and column (never a value).
///
/// With a schema file ([`schema_path`]) every row is checked against the schema, whatever
/// the order of the columns, and kept as a table; a file that also has the IVF columns of
/// `ivf-synth` is kept as IVF cycles too. Without one, the file must be an IVF cycle file.
fn read_dataset(path: &Path) -> Result<LoadedDataset, String> {
	let bytes = fs::read(path).map_err(|e| e.to_string())?;
	let text = std::str::from_utf8(&bytes).map_err(|_| "the file is not UTF-8 text".to_string())?;
	let version = sp_crypto_hashing::blake2_256(&bytes);
	let Some(schema_file) = schema_path(path) else {
		let records = fl_core::synth::parse_csv(text)?;
		let (pseudonyms, cycles) = records.into_iter().map(|r| (r.pseudonym, r.cycle)).unzip();
		return Ok(LoadedDataset { version, pseudonyms, cycles: Some(cycles), table: None });
	};
	let schema_text = fs::read_to_string(&schema_file)
		.map_err(|e| format!("schema {}: {e}", schema_file.display()))?;
	let schema = fl_core::table::read_schema_json(&schema_text)
		.map_err(|e| format!("schema {}: {e}", schema_file.display()))?;
	let table = fl_core::table::parse_table(text, &schema)
		.map_err(|e| format!("{e} (schema {})", schema_file.display()))?;
	let cycles = fl_core::synth::parse_csv(text)
		.ok()
		.map(|records| records.into_iter().map(|r| r.cycle).collect());
	Ok(LoadedDataset { version, pseudonyms: table.pseudonyms.clone(), cycles, table: Some(table) })
}

/// The training secret in `path`, or 32 fresh random bytes written there (0600) if there is
/// no such file yet.
fn read_or_create_secret(path: &Path) -> Result<[u8; 32], String> {
	let describe = |e: io::Error| format!("{}: {e}", path.display());
	match fs::read(path) {
		Ok(bytes) => bytes
			.try_into()
			.map_err(|_| format!("{}: not a 32-byte secret", path.display())),
		Err(e) if e.kind() == io::ErrorKind::NotFound => {
			let mut secret = [0u8; 32];
			getrandom::getrandom(&mut secret).map_err(|e| format!("no randomness: {e}"))?;
			write_private(path, &secret).map_err(describe)?;
			Ok(secret)
		},
		Err(e) => Err(describe(e)),
	}
}

/// Writes `bytes` to `path`, readable and writable by the node's user only, replacing it
/// atomically (write to a temporary file, then rename).
fn write_private(path: &Path, bytes: &[u8]) -> io::Result<()> {
	let temporary = path.with_extension("partial");
	let mut file = fs::OpenOptions::new()
		.write(true)
		.create(true)
		.truncate(true)
		.mode(0o600)
		.open(&temporary)?;
	file.write_all(bytes)?;
	file.sync_all()?;
	fs::rename(&temporary, path)
}

fn kept_path(directory: &Path, key: &[u8]) -> PathBuf {
	directory.join(hex(&sp_crypto_hashing::blake2_256(key)))
}

fn hex(bytes: &[u8]) -> String {
	bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The starting model's score histogram on the examples: exact without DP; under DP with
/// Gaussian noise of standard deviation `σ` (the spec's noise multiplier) on every count,
/// drawn from its own stream of the round's seed.
fn score_histogram(
	spec: &ModelSpec,
	global: &[i32],
	examples: &LabelledSet,
	seed: &[u8; 32],
) -> ScoreHistogram {
	let Ok(probabilities) =
		fl_core::train::predict(spec, &fl_core::fixed::decode_all(global), examples)
	else {
		return ScoreHistogram::default();
	};
	let labels = examples.labels.to_vec();
	let exact = fl_core::metrics::score_histogram(&probabilities, &labels);
	match spec.privacy {
		None => exact,
		Some(dp) => {
			let stream = sp_crypto_hashing::blake2_256(&[&seed[..], b"ivf-fl/scores"].concat());
			fl_core::metrics::noisy_score_histogram(
				&exact,
				dp.noise_multiplier(),
				&mut fl_core::rng::prng(stream),
			)
		},
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use fl_core::{
		question::MissingPolicy,
		study_synth::{
			study_csv, study_question, study_schema, StudyGenerator, StudyRecord, STUDY_COLUMNS,
		},
		synth::{write_csv, Generator},
	};

	fn write_dataset(path: &Path, clinic: usize, rows: usize) {
		let records = Generator::new(2, 7).clinic_records(clinic, rows);
		write_csv(path, &records).unwrap();
	}

	#[test]
	fn a_dataset_file_is_read_and_indexed_by_pseudonym() {
		let dir = tempfile::tempdir().unwrap();
		let csv = dir.path().join("clinic-1.csv");
		write_dataset(&csv, 1, 30);
		let node = ClinicNode::open(
			&dir.path().join("node"),
			vec![DatasetFile { dataset: 0, path: csv.clone() }],
		)
		.unwrap();
		let index = node.dataset_index(0).unwrap();
		assert_eq!(index.pseudonyms.len(), 30);
		assert_eq!(index.version, sp_crypto_hashing::blake2_256(&fs::read(&csv).unwrap()));
		assert_eq!(node.dataset_index(1), Err(ClinicNodeError::NoDataset));
	}

	#[test]
	fn a_malformed_file_loads_nothing_and_a_good_one_replaces_it() {
		let dir = tempfile::tempdir().unwrap();
		let csv = dir.path().join("clinic-1.csv");
		write_dataset(&csv, 1, 10);
		let text = fs::read_to_string(&csv).unwrap();
		let mut lines: Vec<String> = text.lines().map(String::from).collect();
		let mut fields: Vec<String> = lines[3].split(',').map(String::from).collect();
		fields[2] = "forty".into();
		lines[3] = fields.join(",");
		fs::write(&csv, lines.join("\n")).unwrap();
		assert_eq!(
			read_dataset(&csv).err().unwrap(),
			"line 4, column 3 (age): expected a whole number from 0 to 255"
		);
		let node = ClinicNode::open(
			&dir.path().join("node"),
			vec![DatasetFile { dataset: 0, path: csv.clone() }],
		)
		.unwrap();
		assert_eq!(node.dataset_index(0), Err(ClinicNodeError::NoDataset));
		// A larger good file: its size differs, so the next refresh reads it.
		write_dataset(&csv, 1, 12);
		node.refresh();
		assert_eq!(node.dataset_index(0).unwrap().pseudonyms.len(), 12);
	}

	#[test]
	fn the_secret_and_kept_updates_are_private_files_that_survive_a_restart() {
		let dir = tempfile::tempdir().unwrap();
		let home = dir.path().join("node");
		let first = ClinicNode::open(&home, Vec::new()).unwrap();
		first.keep(b"ivf-fl/update/x", b"prepared").unwrap();
		let again = ClinicNode::open(&home, Vec::new()).unwrap();
		assert_eq!(first.secret, again.secret);
		assert_eq!(again.kept(b"ivf-fl/update/x"), Some(b"prepared".to_vec()));
		use std::os::unix::fs::PermissionsExt;
		let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
		assert_eq!(mode(&home.join("training-secret")), 0o600);
		assert_eq!(mode(&kept_path(&home.join("kept"), b"ivf-fl/update/x")), 0o600);
		assert_eq!(mode(&home.join("kept")), 0o700);
		again.forget(b"ivf-fl/update/x");
		assert_eq!(first.kept(b"ivf-fl/update/x"), None);
	}

	#[test]
	fn two_files_for_one_dataset_are_refused() {
		let dir = tempfile::tempdir().unwrap();
		let files = vec![
			"0=/a.csv".parse::<DatasetFile>().unwrap(),
			"0=/b.csv".parse::<DatasetFile>().unwrap(),
		];
		assert!(ClinicNode::open(dir.path(), files).err().unwrap().contains("given twice"));
		assert!("x=/a.csv".parse::<DatasetFile>().is_err());
		assert!("3".parse::<DatasetFile>().is_err());
	}

	#[test]
	fn rows_out_of_range_repeated_or_from_another_version_are_refused() {
		let records = Generator::new(2, 7).clinic_records(1, 25);
		let rows: Vec<_> = records.into_iter().map(|r| (r.pseudonym, r.cycle)).collect();
		let node = ClinicNode::in_memory([9; 32]);
		node.insert_rows(0, rows);
		let index = node.dataset_index(0).unwrap();
		let spec = ModelSpec::reference_logistic(7);
		let base_model = spec.initial_global_model().unwrap();
		let request = |rows: Vec<u32>, version| TrainingRequest {
			dataset: 0,
			dataset_version: version,
			rows,
			spec: spec.clone(),
			spec_id: spec.id(),
			task: 0,
			round: 1,
			base_model: base_model.clone(),
			base_model_hash: [0; 32],
			update_norm_bound: 1 << 20,
			noise_threshold: None,
		};
		assert_eq!(
			node.train(&request(vec![0, 25], index.version)),
			Err(ClinicNodeError::BadRowSelection)
		);
		assert_eq!(
			node.train(&request(vec![3, 3], index.version)),
			Err(ClinicNodeError::BadRowSelection)
		);
		assert_eq!(node.train(&request(vec![0, 1], [1; 32])), Err(ClinicNodeError::DatasetChanged));
		let outcome = node.train(&request((0..25).collect(), index.version)).unwrap();
		assert_eq!(outcome.update.len(), base_model.len());
		assert!(fl_core::fixed::squared_norm(&outcome.update) <= 1 << 40);
		// The same request trains the same update: the seed is the node's, not the caller's.
		assert_eq!(
			node.train(&request((0..25).collect(), index.version)).unwrap().update,
			outcome.update
		);
	}

	/// Writes clinic `clinic`'s OHSS study file (its own column order) into `dir`, with the
	/// study's schema beside it; returns the file's path and its records.
	fn write_study(dir: &Path, clinic: usize, rows: usize) -> (PathBuf, Vec<StudyRecord>) {
		let generator = StudyGenerator::new(4, 7);
		let records = generator.clinic_records(clinic, rows);
		let csv = dir.join(format!("clinic-{clinic}.csv"));
		fs::write(&csv, study_csv(&records, &generator.column_order(clinic))).unwrap();
		fs::write(dir.join("schema.json"), fl_core::table::schema_json(&study_schema())).unwrap();
		(csv, records)
	}

	#[test]
	fn a_file_with_a_schema_is_read_by_column_name_and_trains_the_rows_its_question_can_use() {
		use fl_core::Architecture;
		let dir = tempfile::tempdir().unwrap();
		let (first, records) = write_study(dir.path(), 1, 120);
		let (second, _) = write_study(dir.path(), 2, 80);
		assert_eq!(schema_path(&first), Some(dir.path().join("schema.json")));
		let node = ClinicNode::open(
			&dir.path().join("node"),
			vec![
				DatasetFile { dataset: 0, path: first.clone() },
				DatasetFile { dataset: 1, path: second },
			],
		)
		.unwrap();
		// Both files, each in its own column order, are checked against the one schema.
		let index = node.dataset_index(0).unwrap();
		assert_eq!(index.schema_id, Some(study_schema().id()));
		assert_eq!(index.pseudonyms, records.iter().map(|r| r.pseudonym).collect::<Vec<_>>());
		assert_eq!(node.dataset_index(1).unwrap().schema_id, Some(study_schema().id()));

		let question = study_question();
		let normalisation = question.public_normalisation(&study_schema()).unwrap();
		let spec = ModelSpec {
			architecture: Architecture::LogisticRegression {
				features: question.encoded_width() as u32,
			},
			normalisation,
			question: Some(question.clone()),
			..ModelSpec::reference_logistic(7)
		};

		let rows: Vec<u32> = (0..records.len() as u32).collect();
		let request = TrainingRequest {
			dataset: 0,
			dataset_version: index.version,
			rows: rows.clone(),
			spec: spec.clone(),
			spec_id: spec.id(),
			task: 0,
			round: 1,
			base_model: spec.initial_global_model().unwrap(),
			base_model_hash: [0; 32],
			update_norm_bound: 1 << 30,
			noise_threshold: None,
		};
		let outcome = node.train(&request).unwrap();
		// The rows used are those whose outcome and every `DropRow` feature are present.
		let needed: Vec<usize> = std::iter::once(question.outcome.column.as_str())
			.chain(
				question
					.features
					.iter()
					.filter(|f| f.missing == MissingPolicy::DropRow)
					.map(|f| f.column.as_str()),
			)
			.map(|name| STUDY_COLUMNS.iter().position(|c| *c == name).unwrap())
			.collect();
		let usable: Vec<u32> = rows
			.iter()
			.copied()
			.filter(|&r| needed.iter().all(|&c| records[r as usize].values[c].is_some()))
			.collect();
		assert!(usable.len() < records.len(), "the study leaves some values missing");
		assert_eq!(outcome.rows_used, usable);
		assert_eq!(outcome.update.len(), question.encoded_width() + 1);
		assert!(outcome.update.iter().any(|&v| v != 0));
		// The IVF default cannot be trained on a file that has no IVF columns.
		let ivf = ModelSpec { question: None, ..ModelSpec::reference_logistic(7) };
		let asked = TrainingRequest { spec: ivf.clone(), spec_id: ivf.id(), ..request };
		assert_eq!(node.train(&asked), Err(ClinicNodeError::SpecDoesNotFit));
	}

	#[test]
	fn a_row_against_the_schema_refuses_the_file_naming_line_and_column_only() {
		let dir = tempfile::tempdir().unwrap();
		let (csv, _) = write_study(dir.path(), 1, 10);
		let text = fs::read_to_string(&csv).unwrap();
		let mut lines: Vec<String> = text.lines().map(String::from).collect();
		let header: Vec<&str> = lines[0].split(',').collect();
		let age = header.iter().position(|c| *c == "age").unwrap();
		let mut fields: Vec<String> = lines[3].split(',').map(String::from).collect();
		fields[age] = "97".into();
		lines[3] = fields.join(",");
		fs::write(&csv, lines.join("\n")).unwrap();
		let why = read_dataset(&csv).err().unwrap();
		assert!(why.contains("line 4") && why.contains("age"), "{why}");
		assert!(!why.contains("97"), "the error shows no value: {why}");
		let node =
			ClinicNode::open(&dir.path().join("node"), vec![DatasetFile { dataset: 0, path: csv }])
				.unwrap();
		assert_eq!(node.dataset_index(0), Err(ClinicNodeError::NoDataset));
	}
}
