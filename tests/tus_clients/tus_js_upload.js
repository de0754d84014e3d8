// Uploads one file to a tus server with tus-js-client (the reference client, from npm), the
// way a web or Node application would, and prints one JSON line: the upload's URL, the
// requests made, and the relay's receipt header from the last answer.
//   usage: node tus_js_upload.js ENDPOINT FILE whole|chunked|resume|override
'use strict'
const fs = require('fs')
const tus = require('tus-js-client')

const [endpoint, file, mode] = process.argv.slice(2)
const data = fs.readFileSync(file)
const requests = []
let receipt = ''
let resumed = false

const options = {
  endpoint,
  retryDelays: null,
  metadata: { filename: 'bundle.stb', filetype: 'application/octet-stream' },
  onBeforeRequest(req) {
    requests.push(req.getMethod() + (req.getHeader('X-HTTP-Method-Override') ? '>' + req.getHeader('X-HTTP-Method-Override') : ''))
  },
  onAfterResponse(req, res) {
    const r = res.getHeader('Staccs-Receipt')
    if (r) receipt = r
  },
  onError(err) {
    console.error('tus-js-client: ' + err)
    process.exit(1)
  },
  onSuccess() {
    console.log(JSON.stringify({ url: upload.url, requests, receipt, resumed }))
  },
}
if (mode === 'chunked' || mode === 'resume' || mode === 'override') options.chunkSize = 4096
if (mode === 'override') options.overridePatchMethod = true
if (mode === 'resume') {
  // Stop after the first chunk the server accepted, then start again: the client must ask
  // the server for its offset (HEAD) and send only the rest.
  options.onChunkComplete = () => {
    if (resumed) return
    resumed = true
    upload.abort().then(() => {
      requests.push('stopped')
      upload.start()
    })
  }
}
const upload = new tus.Upload(data, options)
upload.start()
