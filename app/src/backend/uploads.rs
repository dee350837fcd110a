//! Uploaded photos (and certificate scans): checked, re-encoded and kept in an object store.
//!
//! A photo is accepted only if its first bytes say JPEG, PNG or WebP and it decodes as that
//! format within size limits; it is then re-encoded from its pixels (so metadata and anything
//! appended or hidden in the file are gone) at a display size and a thumbnail size, under
//! random names. The store is a local directory by default (`data/uploads`); several app
//! servers share it when it is a shared directory or an object store behind the same trait.
//!
//! Bounded work (a 420 KB PNG can claim 12000×12000 pixels: decoding it took 8 s and 704 MB):
//! - **The header is read first**: an image over [`MAX_SIDE`] pixels a side, [`MAX_PIXELS`]
//!   in all or [`MAX_DECODED_BYTES`] decoded is refused with [`Problem::ImageTooLarge`] before
//!   anything is allocated for its pixels, and `image::Limits` hold the decoder to the same.
//! - A very large photo is first shrunk cheaply to twice the display size and the original
//!   dropped, so resizing never holds a second full-size buffer.
//! - **Decoding runs on the blocking pool, at most [`CONCURRENT_DECODES`] at once** in this
//!   process ([`photo`], [`scan`]); a caller waits at most [`WAIT_FOR_TURN`], then gets
//!   [`AppError::Busy`]. Worst case, decoding holds about `CONCURRENT_DECODES ×
//!   MAX_DECODED_BYTES` (plus renditions of a few tens of MB).
//! - **One upload at a time per account** in this process ([`one_upload_at_a_time`]): a second
//!   concurrent upload by the same user is refused with `RateLimited` (429) before its body is
//!   read.

use std::collections::HashSet;
use std::io::Cursor;
use std::sync::{Arc, LazyLock, Mutex};
use std::time::Duration;

use bytes::Bytes;
use image::{
    codecs::jpeg::JpegEncoder, error::ImageError, imageops::FilterType, DynamicImage, ImageDecoder, ImageFormat,
    ImageReader, Limits,
};
use object_store::{local::LocalFileSystem, path::Path as StorePath, ObjectStore, ObjectStoreExt, PutPayload};

use crate::error::{AppError, Problem};

/// Largest file accepted, in bytes.
pub const MAX_UPLOAD_BYTES: usize = 8 * 1024 * 1024;
/// Longest side of the display rendition and of the thumbnail, in pixels.
pub const DISPLAY_SIDE: u32 = 1200;
pub const THUMB_SIDE: u32 = 400;
/// Largest image accepted, in pixels per side and in all (a 40-megapixel camera's photo
/// fits; a decompression bomb does not, and is refused before decoding).
pub const MAX_SIDE: u32 = 8_000;
pub const MAX_PIXELS: u64 = 40_000_000;
/// Largest decoded image, in bytes: 40 megapixels of 8-bit RGBA (a 16-bit image of that
/// many pixels is refused as too large).
pub const MAX_DECODED_BYTES: u64 = 4 * MAX_PIXELS;
/// Decodes running at once in this process, and how long a caller waits for a turn.
pub const CONCURRENT_DECODES: usize = 2;
pub const WAIT_FOR_TURN: Duration = Duration::from_secs(20);
/// Where the stored files are served.
pub const PUBLIC_PREFIX: &str = "/uploads/";

/// What the first bytes of a file say it is.
pub fn sniff_image(bytes: &[u8]) -> Option<ImageFormat> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(ImageFormat::Jpeg)
    } else if bytes.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
        Some(ImageFormat::Png)
    } else if bytes.len() >= 12 && &bytes[0..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some(ImageFormat::WebP)
    } else {
        None
    }
}

/// A photo ready to store: JPEG bytes at display and thumbnail size.
pub struct Renditions {
    pub display: Vec<u8>,
    pub thumb: Vec<u8>,
}

fn encode_jpeg(img: &DynamicImage) -> Result<Vec<u8>, Problem> {
    let mut out = Vec::new();
    let rgb = DynamicImage::ImageRgb8(img.to_rgb8());
    rgb.write_with_encoder(JpegEncoder::new_with_quality(&mut out, 85)).map_err(|_| Problem::UnsupportedFile)?;
    Ok(out)
}

/// A decoder's refusal: over a limit is "too large", anything else "not an image we take".
fn problem_of(err: ImageError) -> Problem {
    match err {
        ImageError::Limits(_) => Problem::ImageTooLarge,
        _ => Problem::UnsupportedFile,
    }
}

/// Checks and re-encodes a photo. CPU-heavy and up to [`MAX_DECODED_BYTES`] of memory: call it
/// through [`photo`] (the blocking pool, a bounded number at once), not directly.
pub fn process_photo(bytes: &[u8]) -> Result<Renditions, Problem> {
    if bytes.is_empty() || bytes.len() > MAX_UPLOAD_BYTES {
        return Err(Problem::FileSize);
    }
    let format = sniff_image(bytes).ok_or(Problem::UnsupportedFile)?;
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_DECODED_BYTES);
    reader.limits(limits);
    // Reads the header only; the decoder refuses sides over the limits here already.
    let decoder = reader.into_decoder().map_err(problem_of)?;
    let (width, height) = decoder.dimensions();
    if u64::from(width) * u64::from(height) > MAX_PIXELS || decoder.total_bytes() > MAX_DECODED_BYTES {
        return Err(Problem::ImageTooLarge);
    }
    let mut img = DynamicImage::from_decoder(decoder).map_err(problem_of)?;
    if img.width() > 2 * DISPLAY_SIDE || img.height() > 2 * DISPLAY_SIDE {
        // Area-averaging down to twice the display size allocates only its result; Lanczos
        // over the full-size image would hold a float copy as large as the original.
        img = img.thumbnail(2 * DISPLAY_SIDE, 2 * DISPLAY_SIDE);
    }
    let display = if img.width() > DISPLAY_SIDE || img.height() > DISPLAY_SIDE {
        img.resize(DISPLAY_SIDE, DISPLAY_SIDE, FilterType::Lanczos3)
    } else {
        img.clone()
    };
    let thumb = img.thumbnail(THUMB_SIDE, THUMB_SIDE);
    Ok(Renditions { display: encode_jpeg(&display)?, thumb: encode_jpeg(&thumb)? })
}

/// A scan of a certificate: a photo (re-encoded like any photo) or a PDF (kept as sent,
/// after checking its header, and served as a download).
pub enum Scan {
    Image(Renditions),
    Pdf(Vec<u8>),
}

pub fn process_scan(bytes: &[u8]) -> Result<Scan, Problem> {
    if bytes.is_empty() || bytes.len() > MAX_UPLOAD_BYTES {
        return Err(Problem::FileSize);
    }
    if bytes.starts_with(b"%PDF-") {
        return Ok(Scan::Pdf(bytes.to_vec()));
    }
    process_photo(bytes).map(Scan::Image)
}

/// Process-wide: a bound on this process's memory and CPUs, not application state.
static DECODE_TURNS: LazyLock<Arc<tokio::sync::Semaphore>> =
    LazyLock::new(|| Arc::new(tokio::sync::Semaphore::new(CONCURRENT_DECODES)));

/// Runs `work` on the blocking pool when a decoding turn is free (held until the work is
/// done, even if the caller went away). A problem is reported on `field`.
async fn decode_in_turn<T: Send + 'static>(
    field: &'static str,
    work: impl FnOnce() -> Result<T, Problem> + Send + 'static,
) -> Result<T, AppError> {
    let turn = match tokio::time::timeout(WAIT_FOR_TURN, DECODE_TURNS.clone().acquire_owned()).await {
        Ok(Ok(turn)) => turn,
        Ok(Err(_closed)) => return Err(AppError::Internal),
        Err(_elapsed) => {
            tracing::warn!("upload refused: no decoding turn within {WAIT_FOR_TURN:?}");
            return Err(AppError::Busy);
        }
    };
    tokio::task::spawn_blocking(move || {
        let _turn = turn;
        work()
    })
    .await
    .map_err(|_| AppError::Internal)?
    .map_err(|problem| AppError::invalid(field, problem))
}

/// [`process_photo`], bounded: a problem is reported on `field`.
pub async fn photo(field: &'static str, bytes: Vec<u8>) -> Result<Renditions, AppError> {
    decode_in_turn(field, move || process_photo(&bytes)).await
}

/// [`process_scan`], bounded: a problem is reported on `field`.
pub async fn scan(field: &'static str, bytes: Vec<u8>) -> Result<Scan, AppError> {
    decode_in_turn(field, move || process_scan(&bytes)).await
}

/// Users with an upload under way in this process.
static UPLOADING: LazyLock<Mutex<HashSet<i32>>> = LazyLock::new(Default::default);

/// A user's one upload under way; dropping it ends it.
#[derive(Debug)]
pub struct UploadSlot(i32);

impl Drop for UploadSlot {
    fn drop(&mut self) {
        UPLOADING.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).remove(&self.0);
    }
}

/// Starts `user_id`'s upload, or `RateLimited` when they already have one under way here.
/// Taken before the body is read, so a refused upload costs nothing.
pub fn one_upload_at_a_time(user_id: i32) -> Result<UploadSlot, AppError> {
    let mut uploading = UPLOADING.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    if uploading.insert(user_id) {
        Ok(UploadSlot(user_id))
    } else {
        Err(AppError::RateLimited)
    }
}

/// Whether `user_id` has an upload under way here (for tests that race uploads).
pub fn is_uploading(user_id: i32) -> bool {
    UPLOADING.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).contains(&user_id)
}

#[derive(Clone)]
pub struct Uploads {
    store: Arc<dyn ObjectStore>,
}

impl std::fmt::Debug for Uploads {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Uploads")
    }
}

fn random_name() -> String {
    super::sessions::new_token()[..32].to_owned()
}

impl Uploads {
    /// Files under `dir`, created if missing.
    pub fn local(dir: &std::path::Path) -> Result<Self, String> {
        std::fs::create_dir_all(dir).map_err(|e| format!("uploads directory {}: {e}", dir.display()))?;
        let store = LocalFileSystem::new_with_prefix(dir).map_err(|e| format!("uploads directory {}: {e}", dir.display()))?;
        Ok(Self { store: Arc::new(store) })
    }

    pub fn with_store(store: Arc<dyn ObjectStore>) -> Self {
        Self { store }
    }

    async fn put(&self, key: &str, bytes: Vec<u8>) -> Result<String, AppError> {
        self.store.put(&StorePath::from(key), PutPayload::from(bytes)).await.map_err(|err| {
            tracing::error!(error = %err, "storing an upload failed");
            AppError::Internal
        })?;
        Ok(format!("{PUBLIC_PREFIX}{key}"))
    }

    /// Stores a photo's renditions under `folder`; returns the display and thumbnail URLs.
    pub async fn put_photo(&self, folder: &str, photo: Renditions) -> Result<(String, String), AppError> {
        let name = random_name();
        let display = self.put(&format!("{folder}/{name}.jpg"), photo.display).await?;
        let thumb = self.put(&format!("{folder}/{name}-thumb.jpg"), photo.thumb).await?;
        Ok((display, thumb))
    }

    pub async fn put_pdf(&self, folder: &str, pdf: Vec<u8>) -> Result<String, AppError> {
        self.put(&format!("{folder}/{}.pdf", random_name()), pdf).await
    }

    /// The stored file behind a public URL path's key (`products/ab12….jpg`).
    pub async fn get(&self, key: &str) -> Option<Bytes> {
        let valid = !key.is_empty()
            && key.split('/').all(|part| !part.is_empty() && part != "." && part != "..")
            && key.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'/' | b'-' | b'.' | b'_'));
        if !valid {
            return None;
        }
        let found = self.store.get(&StorePath::from(key)).await.ok()?;
        found.bytes().await.ok()
    }

    /// Removes the files behind URLs this store gave out; others are left alone.
    pub async fn delete_urls(&self, urls: &[&str]) {
        for url in urls {
            if let Some(key) = url.strip_prefix(PUBLIC_PREFIX) {
                if let Err(err) = self.store.delete(&StorePath::from(key)).await {
                    tracing::warn!(error = %err, key, "removing an upload failed");
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(width: u32, height: u32) -> Vec<u8> {
        let img = DynamicImage::ImageRgb8(image::RgbImage::from_pixel(width, height, image::Rgb([180, 90, 40])));
        let mut out = Cursor::new(Vec::new());
        img.write_to(&mut out, ImageFormat::Png).unwrap();
        out.into_inner()
    }

    #[test]
    fn a_good_photo_is_resized_and_re_encoded() {
        let r = process_photo(&png(2400, 1200)).unwrap();
        assert_eq!(sniff_image(&r.display), Some(ImageFormat::Jpeg));
        let d = image::load_from_memory(&r.display).unwrap();
        assert_eq!((d.width(), d.height()), (1200, 600));
        let t = image::load_from_memory(&r.thumb).unwrap();
        assert_eq!((t.width(), t.height()), (400, 200));
    }

    #[test]
    fn bad_files_are_refused() {
        assert_eq!(process_photo(&[]).err(), Some(Problem::FileSize));
        assert_eq!(process_photo(b"<script>alert(1)</script>").err(), Some(Problem::UnsupportedFile));
        assert_eq!(process_photo(b"GIF89a......").err(), Some(Problem::UnsupportedFile));
        // The right magic bytes but no image after them.
        assert_eq!(process_photo(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3]).err(), Some(Problem::UnsupportedFile));
        assert_eq!(process_photo(&vec![0xFF; MAX_UPLOAD_BYTES + 1]).err(), Some(Problem::FileSize));
    }

    /// A PNG of `width`×`height` black pixels, written row by row through zlib: a 12000×12000
    /// one is ~420 KB on disk and 432 MB decoded, and is made without allocating its pixels.
    pub(crate) fn black_png(width: u32, height: u32) -> Vec<u8> {
        use std::io::Write;
        fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
            out.extend_from_slice(&(data.len() as u32).to_be_bytes());
            let start = out.len();
            out.extend_from_slice(kind);
            out.extend_from_slice(data);
            let crc = out[start..].iter().fold(!0u32, |mut crc, &byte| {
                crc ^= u32::from(byte);
                for _ in 0..8 {
                    crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
                }
                crc
            });
            out.extend_from_slice(&(!crc).to_be_bytes());
        }
        let mut out = vec![0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];
        let mut header = Vec::new();
        header.extend_from_slice(&width.to_be_bytes());
        header.extend_from_slice(&height.to_be_bytes());
        header.extend_from_slice(&[8, 2, 0, 0, 0]); // 8-bit RGB, deflate, no filter, no interlace
        chunk(&mut out, b"IHDR", &header);
        // Each row is its filter byte (0) and its pixels (0): the whole stream is zeros.
        let row = vec![0u8; 1 + 3 * width as usize];
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        for _ in 0..height {
            z.write_all(&row).unwrap();
        }
        chunk(&mut out, b"IDAT", &z.finish().unwrap());
        chunk(&mut out, b"IEND", &[]);
        out
    }

    #[test]
    fn images_too_large_are_refused_from_their_header() {
        let started = std::time::Instant::now();
        let bomb = black_png(12_000, 12_000);
        assert!(bomb.len() < 1024 * 1024, "{} bytes", bomb.len());
        let generated = started.elapsed();
        assert_eq!(process_photo(&bomb).err(), Some(Problem::ImageTooLarge));
        assert!(started.elapsed() - generated < std::time::Duration::from_millis(500), "refused from the header");
        // One side too long; both sides fine but too many pixels in all.
        assert_eq!(process_photo(&black_png(MAX_SIDE + 1, 1)).err(), Some(Problem::ImageTooLarge));
        assert_eq!(process_photo(&black_png(7_000, 7_000)).err(), Some(Problem::ImageTooLarge));
        assert_eq!(process_scan(&black_png(1, MAX_SIDE + 1)).err(), Some(Problem::ImageTooLarge));
        // At the limit, a photo is taken (and shrunk).
        let r = process_photo(&black_png(MAX_SIDE, 200)).unwrap();
        let d = image::load_from_memory(&r.display).unwrap();
        assert_eq!((d.width(), d.height()), (DISPLAY_SIDE, 30));
        for lang in [crate::i18n::Lang::Vi, crate::i18n::Lang::En] {
            assert!(lang.t(Problem::ImageTooLarge.message()).contains("8000×8000"), "the limit is in the message");
        }
    }

    #[test]
    fn one_upload_at_a_time_per_account() {
        let first = one_upload_at_a_time(-7).unwrap();
        assert!(is_uploading(-7));
        assert_eq!(one_upload_at_a_time(-7).err(), Some(AppError::RateLimited));
        let other = one_upload_at_a_time(-8).expect("another account is not affected");
        drop(first);
        assert!(!is_uploading(-7));
        let again = one_upload_at_a_time(-7).expect("free again once the first upload ends");
        drop((again, other));
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn bounded_decoding_reports_problems_on_the_field() {
        let err = photo("photo", black_png(12_000, 12_000)).await.err().unwrap();
        assert_eq!(err.field_problem("photo"), Some(Problem::ImageTooLarge));
        assert_eq!(err.status(), 422);
        assert!(photo("photo", png(32, 32)).await.is_ok());
        assert!(matches!(scan("scan", b"%PDF-1.4 ...".to_vec()).await, Ok(Scan::Pdf(_))));
    }

    #[test]
    fn anything_appended_to_a_photo_is_dropped() {
        let mut file = png(64, 64);
        file.extend_from_slice(b"<script>alert('x')</script>");
        let r = process_photo(&file).unwrap();
        assert!(!r.display.windows(8).any(|w| w == b"<script>"));
        assert!(!r.thumb.windows(8).any(|w| w == b"<script>"));
    }
}
