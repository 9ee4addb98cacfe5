// The offline explorer: to be written.
document.getElementById('explorer')!.textContent = 'explorer: to be written';
