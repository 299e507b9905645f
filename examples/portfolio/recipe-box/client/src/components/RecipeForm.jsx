import { useState } from 'react'

const emptyForm = {
  title: '',
  description: '',
  ingredients: '',
  steps: '',
  tags: '',
  prepMinutes: '',
}

// turn a textarea into a list, one item per non-empty line
function toLines(text) {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
}

/**
 * Form for adding a recipe.
 * @param {{ onSave: (recipe: object) => Promise<void> }} props
 */
export default function RecipeForm({ onSave }) {
  const [form, setForm] = useState(emptyForm)
  const [saving, setSaving] = useState(false)
  const [error, setError] = useState(null)

  function handleChange(e) {
    // update the field that changed
    setForm({ ...form, [e.target.name]: e.target.value })
  }

  async function handleSubmit(e) {
    e.preventDefault()
    setSaving(true)
    setError(null)
    try {
      await onSave({
        title: form.title,
        description: form.description,
        ingredients: toLines(form.ingredients),
        steps: toLines(form.steps),
        tags: form.tags.split(',').map((t) => t.trim()).filter(Boolean),
        // empty input should be "unknown", not 0 minutes
        prepMinutes: form.prepMinutes === '' ? undefined : Number(form.prepMinutes),
      })
      // reset the form
      setForm(emptyForm)
    } catch (err) {
      setError(err.message)
    } finally {
      setSaving(false)
    }
  }

  return (
    <form className="recipe-form" onSubmit={handleSubmit}>
      <h2>Add a recipe</h2>
      {error && <p className="error">{error}</p>}
      <input name="title" placeholder="Title" value={form.title} onChange={handleChange} required />
      <textarea name="description" placeholder="Short description" value={form.description} onChange={handleChange} />
      <textarea name="ingredients" placeholder="Ingredients, one per line" value={form.ingredients} onChange={handleChange} />
      <textarea name="steps" placeholder="Steps, one per line" value={form.steps} onChange={handleChange} />
      <input name="tags" placeholder="Tags, comma separated" value={form.tags} onChange={handleChange} />
      <input name="prepMinutes" type="number" min="0" placeholder="Prep time (min)" value={form.prepMinutes} onChange={handleChange} />
      {/* <input name="imageUrl" placeholder="Image URL" value={form.imageUrl} onChange={handleChange} /> */}
      <button type="submit" disabled={saving}>
        {saving ? 'Saving...' : 'Save recipe'}
      </button>
    </form>
  )
}
