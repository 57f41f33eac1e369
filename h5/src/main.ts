import { createPinia } from 'pinia'
import { createApp } from 'vue'
import { setUnauthenticatedHandler } from '@/api/client'
import App from './App.vue'
import { createAppRouter } from './router'
import { useSessionStore } from './stores/session'
import './styles/main.css'

const app = createApp(App)
const pinia = createPinia()
app.use(pinia).use(createAppRouter())

// An expired session anywhere sends the user through WeCom OAuth and back to where they were.
setUnauthenticatedHandler(() => useSessionStore(pinia).signIn())

app.mount('#app')
