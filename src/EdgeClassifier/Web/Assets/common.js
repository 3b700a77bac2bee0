// Helpers both pages use (loaded before each page's own script). Plain DOM code, no libraries.
'use strict';

const $ = (id) => document.getElementById(id);

function percent(score) { return (score * 100).toFixed(1) + ' %'; }

// GETs JSON; `null` when the server answers `emptyStatus` (the part is off), an error for any other failure.
async function getJson(url, emptyStatus = 204) {
  const response = await fetch(url, { cache: 'no-store' });
  if (response.status === emptyStatus) return null;
  if (!response.ok) throw new Error(url + ': ' + response.status);
  return response.json();
}
