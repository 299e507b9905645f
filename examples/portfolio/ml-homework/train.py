#!/usr/bin/env python
# coding: utf-8

# In[1]:


# import libraries
import pandas as pd
import numpy as np
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
from sklearn.model_selection import train_test_split
from sklearn.linear_model import LogisticRegression
from sklearn.ensemble import RandomForestClassifier
from sklearn.tree import DecisionTreeClassifier
from sklearn.metrics import accuracy_score, confusion_matrix, classification_report
# from sklearn.svm import SVC
# from sklearn.preprocessing import StandardScaler
import warnings
warnings.filterwarnings("ignore")

from utils import *


# In[2]:


# load the data
df = load_data("data/students.csv")
# df = pd.read_csv("students_old.csv", sep=";")


# In[3]:


# look at the data
df.head()


# In[4]:


df.describe()


# In[5]:


# check for nulls
df.isnull().sum()


# In[6]:


# clean the data
df = clean_data(df)
# encode the data
df = encode(df)
df.head()


# In[7]:


# split into X and y
X = df.drop("passed", axis=1)
y = df["passed"]


# In[8]:


# split the data
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=42)
# X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3)
print(X_train.shape, X_test.shape)


# In[9]:


# create the model
lr = LogisticRegression(max_iter=1000)
# fit the model
lr.fit(X_train, y_train)
# predict
y_pred = lr.predict(X_test)
# print accuracy
print_scores("logistic regression", accuracy_score(y_test, y_pred))


# In[10]:


# decision tree
dt = DecisionTreeClassifier()
dt.fit(X_train, y_train)
y_pred2 = dt.predict(X_test)
print_scores("decision tree", accuracy_score(y_test, y_pred2))


# In[11]:


# random forest
rf = RandomForestClassifier(n_estimators=100)
rf.fit(X_train, y_train)
y_pred3 = rf.predict(X_test)
print_scores("random forest", accuracy_score(y_test, y_pred3))

# FIXME: accuracy changes every time i run it??


# In[12]:


# svm = SVC()
# svm.fit(X_train, y_train)
# y_pred4 = svm.predict(X_test)
# print("svm", accuracy_score(y_test, y_pred4))


# In[13]:


# confusion matrix
cm = confusion_matrix(y_test, y_pred3)
print(cm)
plot_cm(cm)


# In[14]:


# classification report
print(classification_report(y_test, y_pred3))


# In[15]:


# TODO: try gridsearch
# TODO: try more features
# TODO: cross validation
# TODO: write results in readme
# FIXME: study_hours has missing values, used mean for now
# for n in [10, 50, 100, 200]:
#     rf = RandomForestClassifier(n_estimators=n)
#     rf.fit(X_train, y_train)
#     print(n, accuracy_score(y_test, rf.predict(X_test)))


# In[ ]:




