/**
 * Saves an exported file from the page: a download of its bytes (browser mode downloads it; in
 * Electron a download opens the save dialog). The bytes come over the contract as base64.
 */
export function saveFile(file: { fileName: string; mime: string; base64: string }): void {
  const bin = atob(file.base64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  const url = URL.createObjectURL(new Blob([bytes], { type: file.mime }));
  const a = document.createElement('a');
  a.href = url;
  a.download = file.fileName;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // the download has taken the bytes once the click's task ran
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
