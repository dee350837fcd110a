//! Uploaded photos (and certificate scans): checked, re-encoded and kept in an object store.
//!
//! A photo is accepted only if its first bytes say JPEG, PNG or WebP and it decodes as that
//! format within size limits; it is then re-encoded from its pixels (so metadata and anything
//! appended or hidden in the file are gone) at a display size and a thumbnail size, under
//! random names. The store is a local directory by default (`data/uploads`); several app
//! servers share it when it is a shared directory or an object store behind the same trait.

use std::io::Cursor;
use std::sync::Arc;

use bytes::Bytes;
use image::{codecs::jpeg::JpegEncoder, imageops::FilterType, DynamicImage, ImageFormat, ImageReader, Limits};
use object_store::{local::LocalFileSystem, path::Path as StorePath, ObjectStore, ObjectStoreExt, PutPayload};

use crate::error::{AppError, Problem};

/// Largest file accepted, in bytes.
pub const MAX_UPLOAD_BYTES: usize = 8 * 1024 * 1024;
/// Longest side of the display rendition and of the thumbnail, in pixels.
pub const DISPLAY_SIDE: u32 = 1200;
pub const THUMB_SIDE: u32 = 400;
/// Largest image accepted, in pixels per side (a decompression bomb is refused before decoding).
const MAX_SIDE: u32 = 12_000;
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

/// Checks and re-encodes a photo. CPU-heavy: call it on the blocking pool.
pub fn process_photo(bytes: &[u8]) -> Result<Renditions, Problem> {
    if bytes.is_empty() || bytes.len() > MAX_UPLOAD_BYTES {
        return Err(Problem::FileSize);
    }
    let format = sniff_image(bytes).ok_or(Problem::UnsupportedFile)?;
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(512 * 1024 * 1024);
    reader.limits(limits);
    let img = reader.decode().map_err(|_| Problem::UnsupportedFile)?;
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

    #[test]
    fn anything_appended_to_a_photo_is_dropped() {
        let mut file = png(64, 64);
        file.extend_from_slice(b"<script>alert('x')</script>");
        let r = process_photo(&file).unwrap();
        assert!(!r.display.windows(8).any(|w| w == b"<script>"));
        assert!(!r.thumb.windows(8).any(|w| w == b"<script>"));
    }
}
