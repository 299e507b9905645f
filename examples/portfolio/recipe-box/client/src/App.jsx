import { useEffect, useState } from 'react'
import { getRecipes, createRecipe, updateRecipe, deleteRecipe } from './api.js'
import RecipeForm from './components/RecipeForm.jsx'

function RecipeCard({ recipe, onToggleFavorite, onDelete }) {
  return (
    <div className="recipe-card">
      <h3>
        {recipe.title}{' '}
        <button onClick={() => onToggleFavorite(recipe)} aria-label="Toggle favorite">
          {recipe.favorite ? '★' : '☆'}
        </button>
      </h3>
      <p>{recipe.description}</p>
      {recipe.prepMinutes != null && <p>{recipe.prepMinutes} min</p>}
      <div>
        {recipe.tags.map((tag) => (
          <span className="tag" key={tag}>
            {tag}
          </span>
        ))}
      </div>
      <button onClick={() => onDelete(recipe._id)}>Delete</button>
    </div>
  )
}

export default function App() {
  const [recipes, setRecipes] = useState([])
  const [search, setSearch] = useState('')
  const [tag, setTag] = useState('')
  const [loading, setLoading] = useState(true)
  const [error, setError] = useState(null)

  // reload whenever the search or tag filter changes
  useEffect(() => {
    // wait 300ms after the last keystroke so we don't send a request per letter
    const timer = setTimeout(() => {
      setLoading(true)
      getRecipes({ q: search, tag })
        .then((data) => {
          // set the state
          setRecipes(data)
          setError(null)
        })
        .catch((err) => setError(err.message))
        .finally(() => setLoading(false))
    }, 300)
    return () => clearTimeout(timer)
  }, [search, tag])

  async function handleSave(recipe) {
    const saved = await createRecipe(recipe)
    // add the new recipe to the list
    setRecipes((prev) => [saved, ...prev])
  }

  async function handleToggleFavorite(recipe) {
    const updated = await updateRecipe(recipe._id, { favorite: !recipe.favorite })
    setRecipes((prev) => prev.map((r) => (r._id === updated._id ? updated : r)))
  }

  async function handleDelete(id) {
    // TODO: ask for confirmation before deleting
    await deleteRecipe(id)
    setRecipes((prev) => prev.filter((r) => r._id !== id))
  }

  // collect all tags for the dropdown
  const allTags = [...new Set(recipes.flatMap((r) => r.tags))].sort()

  return (
    <div className="app">
      <h1>Recipe Box</h1>

      <div className="toolbar">
        <input
          type="search"
          placeholder="Search recipes..."
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
        <select value={tag} onChange={(e) => setTag(e.target.value)}>
          <option value="">All tags</option>
          {allTags.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
      </div>

      {error && <p className="error">{error}</p>}
      {/* {loading && <Spinner />} */}
      {loading ? (
        <p>Loading...</p>
      ) : (
        <div className="recipe-grid">
          {recipes.map((recipe) => (
            <RecipeCard
              key={recipe._id}
              recipe={recipe}
              onToggleFavorite={handleToggleFavorite}
              onDelete={handleDelete}
            />
          ))}
        </div>
      )}

      <RecipeForm onSave={handleSave} />
    </div>
  )
}
