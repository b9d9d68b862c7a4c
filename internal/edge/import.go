package edge

// maxUploadBytes bounds an uploaded file (about a million CSV rows).
const maxUploadBytes = 64 << 20
