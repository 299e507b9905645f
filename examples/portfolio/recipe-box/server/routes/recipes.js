import express from 'express'
import mongoose from 'mongoose'
import Recipe from '../models/Recipe.js'

const router = express.Router()

/**
 * Only copy the fields a client is allowed to set, so a request can't
 * overwrite _id or the timestamps.
 * @param {object} body - the request body
 * @returns {object} the allowed fields
 */
function pickRecipeFields(body) {
  const allowed = ['title', 'description', 'ingredients', 'steps', 'tags', 'prepMinutes', 'favorite']
  const result = {}
  for (const key of allowed) {
    if (body[key] !== undefined) result[key] = body[key]
  }
  return result
}

// GET /api/recipes?q=&tag=
router.get('/', async (req, res, next) => {
  try {
    const filter = {}
    // check if there is a search query
    if (req.query.q) {
      filter.$text = { $search: req.query.q }
    }
    if (req.query.tag) {
      filter.tags = req.query.tag.toLowerCase()
    }
    // TODO: pagination
    const recipes = await Recipe.find(filter).sort({ createdAt: -1 }).limit(100)
    res.json(recipes)
  } catch (err) {
    next(err)
  }
})

// GET /api/recipes/:id
router.get('/:id', async (req, res, next) => {
  try {
    // an invalid ObjectId makes mongoose throw a CastError, which would turn
    // into a 500; treat it as "not found" instead
    if (!mongoose.isValidObjectId(req.params.id)) {
      return res.status(404).json({ error: 'Recipe not found' })
    }
    const recipe = await Recipe.findById(req.params.id)
    if (!recipe) return res.status(404).json({ error: 'Recipe not found' })
    res.json(recipe)
  } catch (err) {
    next(err)
  }
})

// POST /api/recipes
router.post('/', async (req, res, next) => {
  try {
    // create the recipe
    const recipe = await Recipe.create(pickRecipeFields(req.body))
    res.status(201).json(recipe)
  } catch (err) {
    if (err.name === 'ValidationError') {
      return res.status(400).json({ error: err.message })
    }
    next(err)
  }
})

// PUT /api/recipes/:id
router.put('/:id', async (req, res, next) => {
  try {
    if (!mongoose.isValidObjectId(req.params.id)) {
      return res.status(404).json({ error: 'Recipe not found' })
    }
    // runValidators is off by default for updates in mongoose
    const recipe = await Recipe.findByIdAndUpdate(req.params.id, pickRecipeFields(req.body), {
      new: true,
      runValidators: true,
    })
    if (!recipe) return res.status(404).json({ error: 'Recipe not found' })
    res.json(recipe)
  } catch (err) {
    next(err)
  }
})

// DELETE /api/recipes/:id
router.delete('/:id', async (req, res, next) => {
  try {
    // delete the recipe
    await Recipe.findByIdAndDelete(req.params.id)
    // const deleted = await Recipe.findByIdAndDelete(req.params.id)
    // if (!deleted) return res.status(404).json({ error: 'Recipe not found' })
    res.status(204).end()
  } catch (err) {
    next(err)
  }
})

export default router
