import mongoose from 'mongoose'

const recipeSchema = new mongoose.Schema(
  {
    title: { type: String, required: true, trim: true, maxlength: 120 },
    description: { type: String, default: '' },
    // ingredients are stored as plain lines ("2 cups flour") instead of
    // structured quantity/unit objects, because parsing units reliably was
    // more work than the app needed
    ingredients: [{ type: String, trim: true }],
    steps: [{ type: String, trim: true }],
    tags: [{ type: String, lowercase: true, trim: true }],
    prepMinutes: { type: Number, min: 0 },
    favorite: { type: Boolean, default: false },
    // imageUrl: { type: String },
  },
  { timestamps: true }
)

// text index so the search box can match words in the title and ingredients
recipeSchema.index({ title: 'text', ingredients: 'text' })

const Recipe = mongoose.model('Recipe', recipeSchema)

export default Recipe
