import express from 'express'
import mongoose from 'mongoose'
import cors from 'cors'
import dotenv from 'dotenv'
import path from 'path'
import { fileURLToPath } from 'url'

import recipesRouter from './routes/recipes.js'

dotenv.config()

const app = express()
const PORT = process.env.PORT || 5000
const MONGO_URI = process.env.MONGO_URI || 'mongodb://127.0.0.1:27017/recipe-box'

// middleware
app.use(cors())
app.use(express.json({ limit: '1mb' }))

// routes
app.use('/api/recipes', recipesRouter)

// app.get('/api/hello', (req, res) => {
//   res.send('hello world')
// })

// In production the built React app is served from the same server, so the
// frontend and API share an origin and cookies would work without extra setup.
if (process.env.NODE_ENV === 'production') {
  const __dirname = path.dirname(fileURLToPath(import.meta.url))
  const dist = path.join(__dirname, '..', 'dist')
  app.use(express.static(dist))
  app.get('*', (req, res) => res.sendFile(path.join(dist, 'index.html')))
}

// error handler
app.use((err, req, res, next) => {
  console.error(err)
  res.status(500).json({ error: 'Something went wrong' })
})

// connect to the database and start the server
mongoose
  .connect(MONGO_URI)
  .then(() => {
    console.log('Connected to MongoDB')
    app.listen(PORT, () => console.log(`Server running on port ${PORT}`))
  })
  .catch((err) => {
    console.error('Could not connect to MongoDB', err)
    process.exit(1)
  })
